/* PMI_Barrier latency through MPICH's own simple PMI-1 client (linked from Debian's static libmpich.a):
 * WARMUP untimed barriers, then COUNT timed ones.
 *
 *   barrier_loop COUNT [WARMUP]
 *
 * Rank 0 prints one line per timed barrier after the loop: barrier_us=<microseconds>. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* MPICH's PMI-1 client has no installed header; these are its prototypes. */
int PMI_Init(int *spawned);
int PMI_Get_rank(int *rank);
int PMI_Get_size(int *size);
int PMI_Barrier(void);
int PMI_Finalize(void);

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 0, warmup = argc > 2 ? atoi(argv[2]) : 10;
    if (count <= 0 || warmup < 0) {
        fprintf(stderr, "usage: barrier_loop COUNT [WARMUP]  (COUNT a positive integer)\n");
        return 2;
    }
    int spawned = 0, rank = 0, size = 0;
    if (PMI_Init(&spawned) != 0) {
        fprintf(stderr, "barrier_loop: PMI_Init failed\n");
        return 1;
    }
    PMI_Get_rank(&rank);
    PMI_Get_size(&size);
    long long *lat = calloc((size_t) count, sizeof *lat);
    int failed = 0;
    for (int i = 0; i < warmup; i++) PMI_Barrier();
    for (int i = 0; i < count; i++) {
        long long t0 = now_us();
        if (PMI_Barrier() != 0) failed++;
        lat[i] = now_us() - t0;
    }
    if (rank == 0) {
        for (int i = 0; i < count; i++) printf("barrier_us=%lld\n", lat[i]);
        printf("barriers=%d failed=%d size=%d\n", count, failed, size);
    }
    fflush(stdout);
    PMI_Finalize();
    return failed ? 1 : 0;
}

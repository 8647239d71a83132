/* PMI2_KVS_Fence latency through Slurm's libpmi2: WARMUP untimed fences, then COUNT timed ones.
 *
 *   fence_loop COUNT [WARMUP]
 *
 * Rank 0 prints one line per timed fence after the loop: fence_us=<microseconds>. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <slurm/pmi2.h>

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
        fprintf(stderr, "usage: fence_loop COUNT [WARMUP]  (COUNT a positive integer)\n");
        return 2;
    }
    int spawned = 0, size = 0, rank = 0, appnum = 0;
    if (PMI2_Init(&spawned, &size, &rank, &appnum) != PMI2_SUCCESS) {
        fprintf(stderr, "fence_loop: PMI2_Init failed\n");
        return 1;
    }
    long long *lat = calloc((size_t) count, sizeof *lat);
    int failed = 0;
    for (int i = 0; i < warmup; i++) PMI2_KVS_Fence();
    for (int i = 0; i < count; i++) {
        long long t0 = now_us();
        if (PMI2_KVS_Fence() != PMI2_SUCCESS) failed++;
        lat[i] = now_us() - t0;
    }
    if (rank == 0) {
        for (int i = 0; i < count; i++) printf("fence_us=%lld\n", lat[i]);
        printf("fences=%d failed=%d size=%d\n", count, failed, size);
    }
    fflush(stdout);
    PMI2_Finalize();
    return failed ? 1 : 0;
}

/* Spawn latency and throughput through Slurm's libpmi2: each rank calls PMI2_Job_Spawn COUNT times, one
 * command of NPROCS processes each, and times every call from request to response.
 *
 *   spawn_loop COUNT NPROCS CMD [HOSTS]
 *
 * HOSTS (a comma list, kpm only) spreads the spawns over nodes: spawn i of rank r asks for host
 * HOSTS[(i * size + r) % n] through the "host" info key. The ranks start their loops together after a fence.
 * Output after the loop (so printing never lands inside a timed call):
 *   spawn_us=<microseconds>            one line per spawn (rank 0 only, unless SPAWN_LOOP_ALL_RANKS=1)
 *   window rank=R spawns=K failed=F start_ns=S end_ns=E    CLOCK_REALTIME around this rank's loop
 * SPAWN_LOOP_HOLD_MS=M keeps the process alive M ms after printing, so that the launcher's peak memory can
 * be read while it still runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <slurm/pmi2.h>

static long long now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: spawn_loop COUNT NPROCS CMD [HOSTS]\n");
        return 2;
    }
    int count = atoi(argv[1]), nprocs = atoi(argv[2]);
    const char *cmd = argv[3];
    if (count <= 0 || nprocs <= 0) {
        fprintf(stderr, "spawn_loop: COUNT and NPROCS must be positive integers, got '%s' and '%s'\n", argv[1], argv[2]);
        return 2;
    }
    char *hosts[64];
    int nhosts = 0;
    if (argc > 4) {
        for (char *h = strtok(argv[4], ","); h && nhosts < 64; h = strtok(NULL, ",")) hosts[nhosts++] = h;
    }

    int spawned = 0, size = 0, rank = 0, appnum = 0;
    if (PMI2_Init(&spawned, &size, &rank, &appnum) != PMI2_SUCCESS) {
        fprintf(stderr, "spawn_loop: PMI2_Init failed\n");
        return 1;
    }
    long long *lat_us = calloc((size_t) count, sizeof *lat_us);
    const char *cmds[1] = { cmd };
    int argcs[1] = { 0 };
    const char *no_args[1] = { NULL };
    const char **argvs[1] = { no_args };
    int maxprocs[1] = { nprocs };
    int *errors = calloc((size_t) nprocs, sizeof *errors);
    char jobid[256];
    int failed = 0;

    PMI2_KVS_Fence();
    long long start = now_ns(CLOCK_REALTIME);
    for (int i = 0; i < count; i++) {
        struct MPID_Info host;
        memset(&host, 0, sizeof host);
        const struct MPID_Info *infos[1] = { &host };
        int infosizes[1] = { 0 };
        if (nhosts > 0) {
            host.key = "host";
            host.value = hosts[((long) i * size + rank) % nhosts];
            infosizes[0] = 1;
        }
        long long t0 = now_ns(CLOCK_MONOTONIC);
        int rc = PMI2_Job_Spawn(1, cmds, argcs, argvs, maxprocs, infosizes, infos, 0, NULL,
                                jobid, sizeof jobid, errors);
        lat_us[i] = (now_ns(CLOCK_MONOTONIC) - t0) / 1000;
        if (rc != PMI2_SUCCESS) failed++;
    }
    long long end = now_ns(CLOCK_REALTIME);

    if (rank == 0 || getenv("SPAWN_LOOP_ALL_RANKS")) {
        for (int i = 0; i < count; i++) printf("spawn_us=%lld\n", lat_us[i]);
    }
    printf("window rank=%d spawns=%d failed=%d start_ns=%lld end_ns=%lld\n", rank, count, failed, start, end);
    fflush(stdout);
    const char *hold = getenv("SPAWN_LOOP_HOLD_MS");
    if (hold) usleep((useconds_t) atoi(hold) * 1000);
    PMI2_KVS_Fence();
    PMI2_Finalize();
    return failed ? 1 : 0;
}

/* MPI dynamic-process programs, to compare a process manager with Hydra on the same calls.
 * Built with a spawn-capable MPICH (ch3). Every mode ends with one line "VERDICT <mode> OK ..." or
 * "VERDICT <mode> FAIL <why>" printed by rank 0 of the first job, which the test compares.
 *
 *   dynproc spawn N [ROUNDS]       every rank of the world spawns N children (root 0), ROUNDS times in a row;
 *                                  send/recv both ways with every child, then MPI_Comm_disconnect
 *   dynproc multiple DIR HOST [semicolon]
 *                                  MPI_Comm_spawn_multiple of two commands: "dynproc" found through info
 *                                  path=DIR with argv of spaces, quotes and 40 arguments (and a ';' in one
 *                                  with "semicolon"), and one with wdir=/tmp and host=HOST; children report
 *                                  argv, cwd and MPI_APPNUM
 *   dynproc merge N ROUNDS         spawn N children; ROUNDS times: merge parent and children, allreduce,
 *                                  then disconnect and reconnect through MPI_Open_port/accept/connect
 *   dynproc nested                 a child spawns a grandchild; a token goes grandchild -> child -> parent
 *   dynproc port SERVICE           (2 ranks) rank 0 opens and publishes a port, rank 1 looks it up and
 *                                  connects; messages both ways, disconnect, unpublish
 *   dynproc universe               prints whether MPI_UNIVERSE_SIZE is set and sane
 *   dynproc abort                  spawns 2 children; child 1 calls MPI_Abort(MPI_COMM_WORLD, 5)
 *   dynproc missing                spawns 2 copies of a program that does not exist, with MPI_ERRORS_RETURN */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANY_ARGS 40

static int world_rank, world_size;
static char self_path[4096];

static void verdict(const char *mode, int ok, const char *detail)
{
    if (world_rank == 0) {
        printf("VERDICT %s %s%s%s\n", mode, ok ? "OK" : "FAIL", detail[0] ? " " : "", detail);
        fflush(stdout);
    }
}

/* ---- children ---- */

static int child_echo(MPI_Comm parent)
{
    /* every parent rank sends its value to every child; the child answers each with value*2 + its rank */
    int parents, rank, v;
    MPI_Comm_remote_size(parent, &parents);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int p = 0; p < parents; p++) {
        MPI_Recv(&v, 1, MPI_INT, p, 1, parent, MPI_STATUS_IGNORE);
        v = v * 2 + rank;
        MPI_Send(&v, 1, MPI_INT, p, 2, parent);
    }
    MPI_Comm_disconnect(&parent);
    return 0;
}

static int child_argv(MPI_Comm parent, int argc, char **argv)
{
    /* report to the parent root: appnum, argc, a checksum of argv and whether cwd is /tmp */
    int appnum = -1, flag = 0, *attr;
    char cwd[4096], report[8192];
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &attr, &flag);
    if (flag) appnum = *attr;
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
    snprintf(report, sizeof report, "appnum=%d argc=%d cwd=%s", appnum, argc, cwd);
    for (int i = 1; i < argc && i < 4; i++) {
        strncat(report, " [", sizeof report - strlen(report) - 1);
        strncat(report, argv[i], sizeof report - strlen(report) - 1);
        strncat(report, "]", sizeof report - strlen(report) - 1);
    }
    if (argc > 4) {
        char last[64];
        snprintf(last, sizeof last, " last=[%s]", argv[argc - 1]);
        strncat(report, last, sizeof report - strlen(report) - 1);
    }
    MPI_Send(report, (int) strlen(report) + 1, MPI_CHAR, 0, 3, parent);
    MPI_Comm_disconnect(&parent);
    return 0;
}

static int child_merge(MPI_Comm parent, int rounds)
{
    MPI_Comm inter = parent, merged;
    int rank, size, sum, port_len;
    char port[MPI_MAX_PORT_NAME];
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int r = 0; r < rounds; r++) {
        MPI_Intercomm_merge(inter, 1, &merged);
        MPI_Comm_size(merged, &size);
        int mine = 1000 * r + rank + 1;
        MPI_Allreduce(&mine, &sum, 1, MPI_INT, MPI_SUM, merged);
        MPI_Comm_free(&merged);
        /* the parent root sends the port to reconnect through, then everybody disconnects */
        MPI_Bcast(&port_len, 1, MPI_INT, 0, inter);
        MPI_Bcast(port, port_len, MPI_CHAR, 0, inter);
        MPI_Comm_disconnect(&inter);
        MPI_Comm_connect(port, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter);
    }
    MPI_Comm_disconnect(&inter);
    return 0;
}

static int child_nested(MPI_Comm parent, int depth)
{
    int token = 0;
    if (depth == 1) {
        /* the child spawns the grandchild and forwards its token, plus one */
        MPI_Comm grand;
        char *args[] = {"child-nested", "2", NULL};
        MPI_Comm_spawn(self_path, args, 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &grand, MPI_ERRCODES_IGNORE);
        MPI_Recv(&token, 1, MPI_INT, 0, 4, grand, MPI_STATUS_IGNORE);
        MPI_Comm_disconnect(&grand);
        token += 1;
    } else {
        token = 41;
    }
    MPI_Send(&token, 1, MPI_INT, 0, 4, parent);
    MPI_Comm_disconnect(&parent);
    return 0;
}

static int child_abort(MPI_Comm parent)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 1) MPI_Abort(MPI_COMM_WORLD, 5);
    /* child 0 waits for a message that never comes: the abort must end it */
    int v;
    MPI_Recv(&v, 1, MPI_INT, 0, 9, parent, MPI_STATUS_IGNORE);
    return 0;
}

/* ---- parents ---- */

static void spawn_mode(int n, int rounds)
{
    char *args[] = {"child-echo", NULL};
    int bad = 0;
    char why[256] = "";
    for (int r = 0; r < rounds; r++) {
        MPI_Comm children;
        int *errcodes = malloc(sizeof(int) * n);
        MPI_Comm_spawn(self_path, args, n, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &children, errcodes);
        for (int i = 0; i < n; i++)
            if (errcodes[i] != MPI_SUCCESS) bad++;
        free(errcodes);
        int remote;
        MPI_Comm_remote_size(children, &remote);
        if (remote != n && !why[0]) snprintf(why, sizeof why, "round %d: %d children, expected %d", r, remote, n);
        for (int c = 0; c < remote; c++) {
            int v = 100 * world_rank + c, back;
            MPI_Send(&v, 1, MPI_INT, c, 1, children);
            MPI_Recv(&back, 1, MPI_INT, c, 2, children, MPI_STATUS_IGNORE);
            if (back != v * 2 + c) {
                bad++;
                if (!why[0]) snprintf(why, sizeof why, "round %d child %d answered %d, expected %d", r, c, back, v * 2 + c);
            }
        }
        MPI_Comm_disconnect(&children);
    }
    int all_bad;
    MPI_Reduce(&bad, &all_bad, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    char detail[512];
    snprintf(detail, sizeof detail, "parents=%d children=%d rounds=%d %s", world_size, n, rounds, why);
    verdict("spawn", all_bad == 0, detail);
}

static void multiple_mode(const char *dir, const char *host, int semicolon)
{
    const char *quoted = semicolon ? "it's \"quoted\" ; and = too" : "it's \"quoted\" and = too";
    char *cmds[2] = {"dynproc", self_path};
    char **argvs[2];
    static char *argv0[MANY_ARGS + 4];
    static char many[MANY_ARGS][16];
    argv0[0] = "child-argv";
    argv0[1] = "an argument with spaces";
    argv0[2] = (char *) quoted;
    for (int i = 0; i < MANY_ARGS; i++) {
        snprintf(many[i], sizeof many[i], "arg%d", i);
        argv0[3 + i] = many[i];
    }
    argv0[MANY_ARGS + 3] = NULL;
    char *argv1[] = {"child-argv", "second", NULL};
    argvs[0] = argv0;
    argvs[1] = argv1;
    int maxprocs[2] = {2, 1};
    MPI_Info infos[2];
    MPI_Info_create(&infos[0]);
    MPI_Info_set(infos[0], "path", (char *) dir);
    MPI_Info_create(&infos[1]);
    MPI_Info_set(infos[1], "wdir", "/tmp");
    MPI_Info_set(infos[1], "host", (char *) host);
    MPI_Comm children;
    int errcodes[3];
    MPI_Comm_spawn_multiple(2, cmds, argvs, maxprocs, infos, 0, MPI_COMM_WORLD, &children, errcodes);
    MPI_Info_free(&infos[0]);
    MPI_Info_free(&infos[1]);
    if (world_rank == 0) {
        char expect0[512], expect1[256], got[8192], cwd[4096], why[9000] = "";
        if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
        snprintf(expect0, sizeof expect0, "appnum=0 argc=%d cwd=%s [child-argv] [an argument with spaces] "
                 "[%s] last=[arg%d]", MANY_ARGS + 4, cwd, quoted, MANY_ARGS - 1);
        snprintf(expect1, sizeof expect1, "appnum=1 argc=3 cwd=/tmp [child-argv] [second]");
        for (int c = 0; c < 3; c++) {
            MPI_Recv(got, sizeof got, MPI_CHAR, c, 3, children, MPI_STATUS_IGNORE);
            const char *expect = c < 2 ? expect0 : expect1;
            if (strcmp(got, expect) && !why[0])
                snprintf(why, sizeof why, "child %d reported {%s}, expected {%s}", c, got, expect);
        }
        MPI_Comm_disconnect(&children);
        verdict("multiple", why[0] == 0 && errcodes[0] == 0 && errcodes[1] == 0 && errcodes[2] == 0, why);
    } else {
        MPI_Comm_disconnect(&children);
    }
}

static void merge_mode(int n, int rounds)
{
    char *args[3] = {"child-merge", NULL, NULL};
    char rounds_arg[16];
    snprintf(rounds_arg, sizeof rounds_arg, "%d", rounds);
    args[1] = rounds_arg;
    MPI_Comm inter, merged;
    char why[256] = "";
    MPI_Comm_spawn(self_path, args, n, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter, MPI_ERRCODES_IGNORE);
    for (int r = 0; r < rounds; r++) {
        int size, sum, mine = 1000 * r + world_rank + 1;
        MPI_Intercomm_merge(inter, 0, &merged);
        MPI_Comm_size(merged, &size);
        MPI_Allreduce(&mine, &sum, 1, MPI_INT, MPI_SUM, merged);
        int expected = 0;
        for (int i = 0; i < world_size; i++) expected += 1000 * r + i + 1;
        for (int i = 0; i < n; i++) expected += 1000 * r + i + 1;
        if ((size != world_size + n || sum != expected) && !why[0])
            snprintf(why, sizeof why, "round %d: merged size %d sum %d, expected %d and %d", r, size, sum,
                     world_size + n, expected);
        MPI_Comm_free(&merged);
        char port[MPI_MAX_PORT_NAME] = "";
        int port_len = 0;
        if (world_rank == 0) {
            MPI_Open_port(MPI_INFO_NULL, port);
            port_len = (int) strlen(port) + 1;
        }
        MPI_Bcast(&port_len, 1, MPI_INT, world_rank == 0 ? MPI_ROOT : MPI_PROC_NULL, inter);
        MPI_Bcast(port, port_len, MPI_CHAR, world_rank == 0 ? MPI_ROOT : MPI_PROC_NULL, inter);
        MPI_Comm_disconnect(&inter);
        MPI_Comm_accept(port, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter);
        if (world_rank == 0) MPI_Close_port(port);
    }
    MPI_Comm_disconnect(&inter);
    char detail[512];
    snprintf(detail, sizeof detail, "parents=%d children=%d rounds=%d %s", world_size, n, rounds, why);
    verdict("merge", why[0] == 0, detail);
}

static void nested_mode(void)
{
    char *args[] = {"child-nested", "1", NULL};
    MPI_Comm child;
    int token = 0;
    MPI_Comm_spawn(self_path, args, 1, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &child, MPI_ERRCODES_IGNORE);
    if (world_rank == 0) MPI_Recv(&token, 1, MPI_INT, 0, 4, child, MPI_STATUS_IGNORE);
    MPI_Comm_disconnect(&child);
    char detail[64];
    snprintf(detail, sizeof detail, "token=%d", token);
    verdict("nested", token == 42, detail);
}

static void port_mode(const char *service)
{
    char port[MPI_MAX_PORT_NAME] = "", why[512] = "";
    MPI_Comm peer;
    if (world_size != 2) {
        verdict("port", 0, "needs 2 ranks");
        return;
    }
    if (world_rank == 0) {
        MPI_Open_port(MPI_INFO_NULL, port);
        MPI_Publish_name(service, MPI_INFO_NULL, port);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (world_rank == 0) {
        MPI_Comm_accept(port, MPI_INFO_NULL, 0, MPI_COMM_SELF, &peer);
        int v = 7, back;
        MPI_Send(&v, 1, MPI_INT, 0, 5, peer);
        MPI_Recv(&back, 1, MPI_INT, 0, 6, peer, MPI_STATUS_IGNORE);
        if (back != 14) snprintf(why, sizeof why, "peer answered %d, expected 14", back);
        MPI_Comm_disconnect(&peer);
        MPI_Unpublish_name(service, MPI_INFO_NULL, port);
        MPI_Close_port(port);
    } else {
        char found[MPI_MAX_PORT_NAME];
        MPI_Lookup_name(service, MPI_INFO_NULL, found);
        MPI_Comm_connect(found, MPI_INFO_NULL, 0, MPI_COMM_SELF, &peer);
        int v;
        MPI_Recv(&v, 1, MPI_INT, 0, 5, peer, MPI_STATUS_IGNORE);
        v *= 2;
        MPI_Send(&v, 1, MPI_INT, 0, 6, peer);
        MPI_Comm_disconnect(&peer);
    }
    /* after unpublishing, the name is gone */
    MPI_Barrier(MPI_COMM_WORLD);
    if (world_rank == 1) {
        char again[MPI_MAX_PORT_NAME];
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
        int rc = MPI_Lookup_name(service, MPI_INFO_NULL, again);
        int gone = rc != MPI_SUCCESS;
        MPI_Send(&gone, 1, MPI_INT, 0, 7, MPI_COMM_WORLD);
    } else {
        int gone;
        MPI_Recv(&gone, 1, MPI_INT, 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (!gone && !why[0]) snprintf(why, sizeof why, "the name was still found after MPI_Unpublish_name");
    }
    verdict("port", why[0] == 0, why);
}

static void universe_mode(void)
{
    int *size, flag = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &size, &flag);
    /* unset is allowed by the standard; when set it must cover at least the running world */
    /* process managers differ on whether they know the universe (Hydra: unset): reported apart from the verdict */
    if (world_rank == 0) printf("universe set=%d size=%d\n", flag, flag ? *size : -1);
    verdict("universe", !flag || *size >= world_size, "");
}

static void abort_mode(void)
{
    char *args[] = {"child-abort", NULL};
    MPI_Comm children;
    MPI_Comm_spawn(self_path, args, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &children, MPI_ERRCODES_IGNORE);
    int v;
    /* never answered: the child's abort must end this job too */
    MPI_Recv(&v, 1, MPI_INT, 0, 8, children, MPI_STATUS_IGNORE);
    verdict("abort", 0, "the parent was not ended by its child's MPI_Abort");
}

static void missing_mode(void)
{
    MPI_Comm children;
    int errcodes[2] = {-1, -1};
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int rc = MPI_Comm_spawn("/nonexistent/kpm-no-such-program", MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0,
                            MPI_COMM_WORLD, &children, errcodes);
    char detail[128];
    snprintf(detail, sizeof detail, "failed=%d errcodes_set=%d", rc != MPI_SUCCESS,
             errcodes[0] != MPI_SUCCESS && errcodes[1] != MPI_SUCCESS);
    verdict("missing", rc != MPI_SUCCESS, detail);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (!realpath(argv[0], self_path)) snprintf(self_path, sizeof self_path, "%s", argv[0]);
    const char *mode = argc > 1 ? argv[1] : "spawn";
    MPI_Comm parent;
    MPI_Comm_get_parent(&parent);
    int rc = 0;
    if (parent != MPI_COMM_NULL) {
        if (!strcmp(mode, "child-echo")) rc = child_echo(parent);
        else if (!strcmp(mode, "child-argv")) rc = child_argv(parent, argc, argv);
        else if (!strcmp(mode, "child-merge")) rc = child_merge(parent, atoi(argv[2]));
        else if (!strcmp(mode, "child-nested")) rc = child_nested(parent, atoi(argv[2]));
        else if (!strcmp(mode, "child-abort")) rc = child_abort(parent);
        else fprintf(stderr, "dynproc: unknown child mode %s\n", mode), rc = 2;
    } else if (!strcmp(mode, "spawn")) {
        spawn_mode(argc > 2 ? atoi(argv[2]) : 2, argc > 3 ? atoi(argv[3]) : 1);
    } else if (!strcmp(mode, "multiple")) {
        multiple_mode(argc > 2 ? argv[2] : ".", argc > 3 ? argv[3] : "localhost", argc > 4 && !strcmp(argv[4], "semicolon"));
    } else if (!strcmp(mode, "merge")) {
        merge_mode(argc > 2 ? atoi(argv[2]) : 2, argc > 3 ? atoi(argv[3]) : 3);
    } else if (!strcmp(mode, "nested")) {
        nested_mode();
    } else if (!strcmp(mode, "port")) {
        port_mode(argc > 2 ? argv[2] : "dynproc-service");
    } else if (!strcmp(mode, "universe")) {
        universe_mode();
    } else if (!strcmp(mode, "abort")) {
        abort_mode();
    } else if (!strcmp(mode, "missing")) {
        missing_mode();
    } else {
        verdict(mode, 0, "unknown mode");
    }
    MPI_Finalize();
    return rc;
}

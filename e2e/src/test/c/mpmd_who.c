/* One line per rank saying who it is in an MPMD job: compiled twice with a different ROLE, so that the two
 * app groups run different programs. Only what must agree between mpiexec and kpm run is printed. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef ROLE
#define ROLE "?"
#endif

int main(int argc, char **argv) {
    int rank, size, flag, *appnum = NULL;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &appnum, &flag);
    const char *x = getenv("MPMD_X");
    printf("rank=%d size=%d appnum=%d role=%s arg=%s X=%s\n", rank, size, flag ? *appnum : -1, ROLE,
           argc > 1 ? argv[1] : "-", x ? x : "-");
    fprintf(stderr, "stderr of rank %d\n", rank);
    MPI_Finalize();
    return 0;
}

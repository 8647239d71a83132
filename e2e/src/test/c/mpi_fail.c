/* An MPI program whose rank 1 goes wrong on purpose, to see that the process manager ends the job instead of
 * letting rank 0 hang:
 *   mpi_fail abort : rank 1 calls MPI_Abort(MPI_COMM_WORLD, 7) while rank 0 waits in MPI_Recv from rank 1
 *   mpi_fail exit  : rank 1 exits with 3 without MPI_Finalize; rank 0 goes on into MPI_Finalize (a PMI barrier) */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int rank, token = 0;
    const char *mode = argc > 1 ? argv[1] : "abort";
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 1) {
        if (!strcmp(mode, "abort")) MPI_Abort(MPI_COMM_WORLD, 7);
        fprintf(stderr, "rank 1 leaves without MPI_Finalize\n");
        exit(3);
    }
    if (rank == 0 && !strcmp(mode, "abort")) MPI_Recv(&token, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("rank %d reached MPI_Finalize\n", rank);
    fflush(stdout);
    MPI_Finalize();
    return 0;
}

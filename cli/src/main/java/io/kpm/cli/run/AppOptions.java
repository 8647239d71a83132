package io.kpm.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * The options Hydra calls local: they belong to the app group they appear in (the first group's may stand
 * before its program, as {@code mpiexec -n 2 -env X 1 ./a : -n 1 ./b}). One instance per group.
 */
public final class AppOptions {

    @Option(names = {"-n", "-np"}, paramLabel = "N",
            description = "Number of ranks of this app group (required in every group; Hydra: -n/-np).")
    Integer ranks;

    @Option(names = {"-env"}, arity = "2", paramLabel = "NAME VALUE", hideParamSyntax = true,
            description = "Set a variable for this group's ranks (repeatable; Hydra: -env).")
    List<String> env = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V",
            description = "kpm's spelling of -env NAME VALUE (repeatable; kpm only).")
    List<String> envAssignments = new ArrayList<>();

    @Option(names = "-envlist", paramLabel = "A,B", split = ",",
            description = "This group's ranks get only these variables of the caller's environment (Hydra: -envlist).")
    List<String> envList;

    @Option(names = "-envnone", description = "This group's ranks get none of the caller's environment (Hydra: -envnone).")
    boolean envNone;

    @Option(names = "-envall", description = "This group's ranks get the caller's whole environment (Hydra: -envall).")
    boolean envAll;

    @Option(names = {"--wdir", "-wdir"}, paramLabel = "DIR",
            description = "Working directory of this group's ranks (default: the current one; Hydra: -wdir, "
                    + "which also applies to its own group only).")
    Path wdir;

    @Option(names = "--app-hosts", paramLabel = "a,b", split = ",",
            description = "Place this group's ranks only on these nodes (kpm only: Hydra's -hosts is for the whole job).")
    List<String> appHosts;
}

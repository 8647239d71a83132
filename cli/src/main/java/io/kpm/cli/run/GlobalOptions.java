package io.kpm.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * The options Hydra treats as global: they apply to the whole job wherever they appear, before the first
 * program or inside any app group. The groups' instances are merged with {@link #mergeFrom}.
 */
public final class GlobalOptions {

    @Option(names = {"-genv"}, arity = "2", paramLabel = "NAME VALUE", hideParamSyntax = true,
            description = "Set a variable for every rank (repeatable; an app group's -env wins; Hydra: -genv).")
    List<String> genv = new ArrayList<>();

    @Option(names = "-genvall", description = "Pass the caller's whole environment (the default, as Hydra's -genvall).")
    boolean genvAll;

    @Option(names = "-genvnone", description = "Pass none of the caller's environment: the ranks get the node "
            + "agent's, then -genv/-env (Hydra: -genvnone).")
    boolean genvNone;

    @Option(names = "-genvlist", paramLabel = "A,B", split = ",",
            description = "Pass only these variables of the caller's environment (Hydra: -genvlist).")
    List<String> genvList;

    @Option(names = {"--ppn", "-ppn"}, paramLabel = "P",
            description = "Ranks per node (default: each node's core count; Hydra: -ppn).")
    Integer ppn;

    @Option(names = {"--hosts", "-hosts", "-host"}, paramLabel = "a,b", split = ",",
            description = "Place ranks only on these nodes, in this order (node ids or hostnames; Hydra: -hosts).")
    List<String> hosts;

    @Option(names = {"-f", "--hostfile", "-hostfile", "-machinefile"}, paramLabel = "FILE",
            description = "Like --hosts, from a file of host[:cores] lines (# comments); equal cores become --ppn "
                    + "(Hydra: -f).")
    Path hostfile;

    @Option(names = {"-l", "--label", "-prepend-rank"}, description = "Prefix every output line with the rank: "
            + "\"[rank] \", \"[pgid,rank] \" for a spawned group (Hydra: -l/-prepend-rank).")
    boolean label;

    @Option(names = {"--timeout", "-timeout"}, paramLabel = "S",
            description = "Kill the job when it has run S seconds (default: $MPIEXEC_TIMEOUT, as mpiexec); exit 255 "
                    + "(Hydra: -timeout).")
    Integer timeout;

    @Option(names = "-outfile-pattern", paramLabel = "PATTERN",
            description = "Write each rank's stdout to the file PATTERN names instead of the terminal: %%r the "
                    + "rank, %%g the job's pgid, %%h the node, %%p the node's index in the job, %%%% a %% "
                    + "(Hydra: -outfile-pattern).")
    String outfilePattern;

    @Option(names = "-errfile-pattern", paramLabel = "PATTERN",
            description = "The same for each rank's stderr (Hydra: -errfile-pattern).")
    String errfilePattern;

    @Option(names = "-bind-to", paramLabel = "WHAT",
            description = "Bind each rank to cpus of its node: none (default), core, hwthread, socket, numa, machine, "
                    + "each optionally :N (N of them), rr (cpu i for a node's i-th rank), user:0+1,2 (cpu sets in "
                    + "turn); a node's ranks take the sets in rank order, wrapping round (Hydra: -bind-to; no cache "
                    + "or device levels).")
    String bindTo;

    @Option(names = "-map-by", paramLabel = "WHAT",
            description = "The order in which a node's ranks take the binding sets: core, hwthread, socket, numa, "
                    + "machine[:N] (default: the -bind-to level; Hydra: -map-by). Also node: one rank per node in "
                    + "turn, and slot: fill each node's cores first (the default) - Open MPI's spellings, which "
                    + "Hydra refuses.")
    String mapBy;

    @Option(names = "-print-bindings", description = "Print \"rank R on NODE: cpus LIST\" (or \"not bound\") per rank "
            + "to stdout once the ranks have started (kpm only; Hydra prints bitmaps with HYDRA_TOPO_DEBUG=1, which "
            + "does this here too).")
    boolean printBindings;

    /**
     * Adds the global options a later app group gave. Lists add up and switches stay on; a single-valued
     * option given in two places is refused, as Hydra refuses a second host list.
     */
    void mergeFrom(GlobalOptions later) {
        genv.addAll(later.genv);
        genvAll |= later.genvAll;
        genvNone |= later.genvNone;
        label |= later.label;
        printBindings |= later.printBindings;
        bindTo = once("-bind-to", bindTo, later.bindTo);
        mapBy = once("-map-by", mapBy, later.mapBy);
        genvList = once("-genvlist", genvList, later.genvList);
        ppn = once("-ppn", ppn, later.ppn);
        hosts = once("-hosts", hosts, later.hosts);
        hostfile = once("-f", hostfile, later.hostfile);
        timeout = once("-timeout", timeout, later.timeout);
        outfilePattern = once("-outfile-pattern", outfilePattern, later.outfilePattern);
        errfilePattern = once("-errfile-pattern", errfilePattern, later.errfilePattern);
    }

    private static <T> T once(String name, T first, T later) {
        if (later == null) return first;
        if (first != null) {
            throw new IllegalArgumentException(name + " is given twice; it applies to the whole job, so give it once");
        }
        return later;
    }
}

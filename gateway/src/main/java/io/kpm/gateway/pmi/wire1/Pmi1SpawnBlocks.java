package io.kpm.gateway.pmi.wire1;

import static io.kpm.gateway.pmi.command.RequiredTokens.clip;
import static io.kpm.gateway.pmi.command.RequiredTokens.integer;
import static io.kpm.gateway.pmi.command.RequiredTokens.integerOr;
import static io.kpm.gateway.pmi.command.RequiredTokens.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.RequiredTokens.BadToken;
import io.kpm.gateway.pmi.command.SpawnCommand;

/**
 * Assembles one PMI-1 spawn from its blocks. Every block is {@code key=value} lines (the value is the rest of
 * the line) between {@code mcmd=spawn} and {@code endcmd}; the client sends all blocks before it reads, so
 * the spawn is answered once, after the block with {@code spawnssofar == totspawns} — also when an earlier
 * block was bad, or the client would read a stray answer.
 */
public final class Pmi1SpawnBlocks {

    private final List<SpawnCommand> commands = new ArrayList<>();
    private final Map<String, String> preput = new LinkedHashMap<>();
    private String problem;

    /** @return the whole spawn (or what was wrong with it) once the last block arrived, else empty */
    public Optional<PmiRequest> add(List<String> blockLines) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : blockLines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problem = problem != null ? problem : "malformed spawn line '" + clip(line) + "'";
                continue;
            }
            kv.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
        int total;
        int sofar;
        try {
            total = integerOr(kv, "totspawns", 1);
            sofar = integerOr(kv, "spawnssofar", commands.size() + 1);
        } catch (BadToken e) {
            // without a readable count the end cannot be known: answer now
            return Optional.of(new PmiRequest.Malformed("spawn", e.getMessage()));
        }
        if (problem == null) {
            try {
                commands.add(segment(kv));
            } catch (BadToken e) {
                problem = e.getMessage();
            }
        }
        if (sofar < total) return Optional.empty();
        return Optional.of(problem != null
                ? new PmiRequest.Malformed("spawn", problem)
                : new PmiRequest.Spawn(commands, preput));
    }

    private SpawnCommand segment(Map<String, String> kv) {
        int nprocs = integer(kv, "nprocs");
        if (nprocs <= 0) throw new BadToken("nprocs must be positive, got " + nprocs);
        String execname = token(kv, "execname");
        int argcnt = integerOr(kv, "argcnt", 0);
        List<String> argv = new ArrayList<>();
        for (int i = 1; i <= argcnt; i++) argv.add(token(kv, "arg" + i));
        int preputs = integerOr(kv, "preput_num", 0);
        for (int i = 0; i < preputs; i++) {
            preput.put(token(kv, "preput_key_" + i), token(kv, "preput_val_" + i));
        }
        int infos = integerOr(kv, "info_num", 0);
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 0; i < infos; i++) {
            info.put(token(kv, "info_key_" + i), token(kv, "info_val_" + i));
        }
        return new SpawnCommand(execname, nprocs, argv, info);
    }
}

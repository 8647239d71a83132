package io.kpm.cli.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.http.Json;

/**
 * What {@code kpm run} asks for, and its {@code POST /api/v1/spawn} body: one app of {@code maxprocs} copies of
 * {@code cmd args...} with this environment and working directory; {@code hosts} (empty: every live node) and
 * {@code ppn} (null: each node's cores) go into the app's {@code info}, as strings like every info value.
 */
public record RunRequest(String cmd, List<String> args, Map<String, String> env, String cwd, int maxprocs,
                         List<String> hosts, Integer ppn) {

    public RunRequest {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        hosts = List.copyOf(hosts);
    }

    public ObjectNode toJson() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("jobInfo");
        ArrayNode apps = body.putArray("apps");
        ObjectNode app = apps.addObject();
        app.put("cmd", cmd);
        ArrayNode argv = app.putArray("argv");
        args.forEach(argv::add);
        ObjectNode environment = app.putObject("env");
        new TreeMap<>(env).forEach(environment::put);
        app.put("cwd", cwd);
        app.put("maxprocs", maxprocs);
        ObjectNode info = app.putObject("info");
        if (!hosts.isEmpty()) info.put("hosts", String.join(",", hosts));
        if (ppn != null) info.put("ppn", ppn.toString());
        return body;
    }
}

package io.kpm.cli.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.http.Json;

/**
 * What {@code kpm run} asks for, and its {@code POST /api/v1/spawn} body: one app per app group (MPMD), in the
 * order given, so that ranks are numbered across the apps and each app's index is its ranks' appnum.
 */
public record RunRequest(List<App> apps) {

    /**
     * {@code maxprocs} copies of {@code cmd args...} with this environment and working directory; {@code hosts}
     * (empty: every live node) and {@code ppn} (null: each node's cores) go into the app's {@code info}, as
     * strings like every info value.
     */
    public record App(String cmd, List<String> args, Map<String, String> env, String cwd, int maxprocs,
                      List<String> hosts, Integer ppn) {
        public App {
            args = List.copyOf(args);
            env = Map.copyOf(env);
            hosts = List.copyOf(hosts);
        }
    }

    public RunRequest {
        apps = List.copyOf(apps);
    }

    public ObjectNode toJson() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("jobInfo");
        ArrayNode array = body.putArray("apps");
        for (App app : apps) addApp(array.addObject(), app);
        return body;
    }

    private static void addApp(ObjectNode json, App app) {
        json.put("cmd", app.cmd());
        ArrayNode argv = json.putArray("argv");
        app.args().forEach(argv::add);
        ObjectNode environment = json.putObject("env");
        new TreeMap<>(app.env()).forEach(environment::put);
        json.put("cwd", app.cwd());
        json.put("maxprocs", app.maxprocs());
        ObjectNode info = json.putObject("info");
        if (!app.hosts().isEmpty()) info.put("hosts", String.join(",", app.hosts()));
        if (app.ppn() != null) info.put("ppn", app.ppn().toString());
    }
}

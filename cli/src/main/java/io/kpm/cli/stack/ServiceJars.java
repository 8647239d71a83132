package io.kpm.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kpm.cli.CliFailure;

/** The packaged services inside a kpm checkout ({@code KPM_HOME}), as {@code mvnw package} leaves them. */
public record ServiceJars(Path home) {

    public ServiceJars {
        home = home.toAbsolutePath().normalize();
    }

    public Path broker() {
        return home.resolve("broker/target/kpm-broker.jar");
    }

    /** The broker's classpath: its jar and every dependency in {@code lib/} (java expands the {@code *}). */
    public String brokerClasspath() {
        return broker() + java.io.File.pathSeparator + home.resolve("broker/target/lib") + "/*";
    }

    public Path scheduler() {
        return quarkusApp("scheduler");
    }

    public Path gateway() {
        return quarkusApp("gateway");
    }

    public Path nodeAgent() {
        return quarkusApp("node-agent");
    }

    /** Scheduler, gateway and node agent in one JVM: the embedded default of a one-node stack. */
    public Path allInOne() {
        return quarkusApp("all-in-one");
    }

    private Path quarkusApp(String module) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** @throws CliFailure saying how to build them when a service jar is missing */
    public void requireBuilt() {
        List<Path> missing = missing();
        if (!missing.isEmpty()) {
            throw new CliFailure("the services are not built (missing " + missing + "); run `" + home
                    + "/mvnw -B package -DskipTests`, or use the ./kpm launcher, which builds them");
        }
    }

    /** The jars that are not there yet, relative to the checkout. */
    public List<Path> missing() {
        List<Path> missing = new ArrayList<>();
        for (Path jar : List.of(broker(), scheduler(), gateway(), nodeAgent(), allInOne())) {
            if (!Files.isRegularFile(jar)) missing.add(home.relativize(jar));
        }
        return missing;
    }
}

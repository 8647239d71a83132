package io.kpm.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.kpm.cli.http.Json;

/**
 * stack.json: every process and address of a stack. Written as each process starts ({@code status}
 * "starting"), so that {@code kpm down} finds even a half-started stack; "up" once everything is ready.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StackState(
        String stateDir,
        String status,
        String startedAt,
        Long startupMillis,
        String bootstrap,
        boolean externalKafka,
        String gatewayUrl,
        String pmiEndpoint,
        List<StackComponent> components) {

    public static final String STARTING = "starting";
    public static final String UP = "up";

    public StackState {
        components = components == null ? List.of() : List.copyOf(components);
    }

    public static Optional<StackState> read(StackLayout layout) {
        Path file = layout.stackFile();
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (delete it if no stack is running): "
                    + e.getMessage(), e);
        }
    }

    public void write(StackLayout layout) {
        try {
            Files.createDirectories(layout.stateDir());
            Path tmp = layout.stateDir().resolve("stack.json.tmp");
            Json.mapper().writeValue(tmp.toFile(), this);
            Files.move(tmp, layout.stackFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.stackFile() + ": " + e.getMessage(), e);
        }
    }

    /** Removes stack.json and the pid files of its components. */
    public static void delete(StackLayout layout, List<StackComponent> components) {
        try {
            for (StackComponent component : components) Files.deleteIfExists(layout.pidFile(component.name()));
            Files.deleteIfExists(layout.stackFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stack's files in " + layout.stateDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** This state with the component added, or replacing the one of the same name (a restarted process). */
    public StackState with(StackComponent component) {
        List<StackComponent> all = new ArrayList<>(components);
        int same = all.stream().map(StackComponent::name).toList().indexOf(component.name());
        if (same >= 0) all.set(same, component);
        else all.add(component);
        return new StackState(stateDir, status, startedAt, startupMillis, bootstrap, externalKafka, gatewayUrl,
                pmiEndpoint, all);
    }

    public StackState up(long startupMillis) {
        return new StackState(stateDir, UP, startedAt, startupMillis, bootstrap, externalKafka, gatewayUrl,
                pmiEndpoint, components);
    }

    /** Node agents first (they kill their ranks), then gateway, scheduler, broker. */
    @JsonIgnore
    public List<StackComponent> stopOrder() {
        return components.stream()
                .sorted(Comparator.comparing(StackComponent::role).reversed())
                .toList();
    }
}

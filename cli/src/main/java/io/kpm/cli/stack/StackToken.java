package io.kpm.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's REST credential: 256 random bits in {@code <state dir>/token}, readable by its owner only (mode
 * 0600), made by {@code kpm up} (and a private stack) and read by every command that talks to the gateway. Like
 * a munge key, whoever can read the file may act for the stack's owner.
 */
public final class StackToken {

    /** A token given directly, e.g. to talk to a gateway whose state directory is on another machine. */
    public static final String ENV = "KPM_TOKEN";

    private StackToken() {
    }

    /** The stack's token, made now if it has none. */
    public static String ensure(StackLayout layout) {
        Path file = layout.tokenFile();
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another kpm up made it first: use theirs
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the stack's token " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code KPM_TOKEN}, else the token file of the stack in {@code stack}; empty when there is neither. */
    public static Optional<String> find(Map<String, String> env, StackLayout stack) {
        String given = env.get(ENV);
        if (given != null && !given.isBlank()) return Optional.of(given.trim());
        Path file = stack.tokenFile();
        if (!Files.isReadable(file)) return Optional.empty();
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

package io.kpm.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kpm checkout the command belongs to: {@code -Dkpm.home} (set by the {@code ./kpm} launcher), else the
 * directory two levels above {@code cli/target/kpm-cli.jar}.
 */
public final class KpmHome {

    private KpmHome() {
    }

    public static Path get() {
        String property = System.getProperty("kpm.home");
        if (property != null && !property.isBlank()) return Path.of(property).toAbsolutePath().normalize();
        try {
            Path jar = Path.of(Kpm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent();
            if (target != null && target.getParent() != null && target.getParent().getParent() != null
                    && Files.isRegularFile(jar)) {
                return target.getParent().getParent().toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through: the working directory is the last guess
        }
        return Path.of("").toAbsolutePath();
    }

    /** Where {@code kpm up} keeps its state unless told otherwise, and where the other commands look for it. */
    public static Path defaultStateDir() {
        return get().resolve(".kpm");
    }
}

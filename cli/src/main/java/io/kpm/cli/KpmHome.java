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

    /** Names the state directory for every command, as {@code --state-dir} does for one. */
    public static final String STATE_DIR_ENV = "KPM_STATE_DIR";

    /**
     * Where {@code kpm up} keeps its state unless told otherwise, and where the other commands look for it:
     * {@code $KPM_STATE_DIR}, else {@code $KPM_HOME/.kpm}.
     */
    public static Path defaultStateDir() {
        String env = System.getenv(STATE_DIR_ENV);
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return get().resolve(".kpm");
    }
}

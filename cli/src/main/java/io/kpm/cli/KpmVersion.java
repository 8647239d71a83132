package io.kpm.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest ({@code dev} when run from classes). */
public final class KpmVersion implements IVersionProvider {

    public static String version() {
        String version = Kpm.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"kpm " + version(), "Java " + System.getProperty("java.version")};
    }
}

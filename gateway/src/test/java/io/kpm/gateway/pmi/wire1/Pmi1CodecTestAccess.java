package io.kpm.gateway.pmi.wire1;

/** Lets the service tests send the captured spawn bytes of {@link Pmi1CodecTest}. */
public final class Pmi1CodecTestAccess {
    public static final String TWO_COMMAND_SPAWN = Pmi1CodecTest.TWO_COMMAND_SPAWN;

    private Pmi1CodecTestAccess() {
    }
}

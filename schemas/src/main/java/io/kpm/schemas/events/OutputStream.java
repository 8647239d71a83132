package io.kpm.schemas.events;

public enum OutputStream {
    STDOUT, STDERR
}

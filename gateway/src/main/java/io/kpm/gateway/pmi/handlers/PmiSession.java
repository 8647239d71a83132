package io.kpm.gateway.pmi.handlers;

import io.kpm.gateway.pmi.group.Member;
import io.kpm.gateway.pmi.group.ProcessGroup;

/** One connection's PMI identity: unknown until initack (PMI-1) or fullinit (PMI-2) named a known rank. */
public final class PmiSession {

    public enum Protocol {
        PMI1("pmi-1"), PMI2("pmi-2");

        public final String wireName;

        Protocol(String wireName) {
            this.wireName = wireName;
        }
    }

    private final Protocol protocol;
    private final String peer;
    private volatile Member member;
    private volatile boolean closed;

    public PmiSession(Protocol protocol) {
        this(protocol, "local");
    }

    /** @param peer the address the connection comes from (unknown ids are counted per peer) */
    public PmiSession(Protocol protocol, String peer) {
        this.protocol = protocol;
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Member member() {
        return member;
    }

    public void identify(Member member) {
        this.member = member;
    }

    /** The connection is gone: an identity found late must not be claimed for it. */
    public void closed() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean identified() {
        return member != null;
    }

    public ProcessGroup group() {
        return member == null ? null : member.group();
    }

    public long pgid() {
        return member == null ? -1 : member.group().pgid();
    }

    public int rank() {
        return member == null ? -1 : member.rank();
    }
}

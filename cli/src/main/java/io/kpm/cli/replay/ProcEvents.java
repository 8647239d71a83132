package io.kpm.cli.replay;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;

/** The pgid a kpm.proc.events record belongs to. */
final class ProcEvents {

    private ProcEvents() {
    }

    static Long pgid(KpmEvent event) {
        if (event instanceof ProcStarted e) return e.pgid();
        if (event instanceof ProcExited e) return e.pgid();
        if (event instanceof ProcLaunchFailed e) return e.pgid();
        return null;
    }
}

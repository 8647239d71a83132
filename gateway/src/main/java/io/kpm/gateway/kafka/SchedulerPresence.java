package io.kpm.gateway.kafka;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Why a spawn was not answered, for the error the requester gets: Kafka not answering, no scheduler reading
 * {@code kpm.spawn.requests} (its consumer group {@value #GROUP} has no member), or a scheduler that is there but
 * did not answer. A SIGKILLed scheduler stays a member until Kafka's session timeout ends it.
 */
@ApplicationScoped
public class SchedulerPresence {

    /** The scheduler's consumer group on kpm.spawn.requests. */
    public static final String GROUP = "kpm-scheduler";

    private static final String NO_SCHEDULER =
            "no scheduler is running (nothing reads kpm.spawn.requests in consumer group " + GROUP + ")";

    @Inject
    KafkaAdmin admin;

    /** Blocks for at most a few seconds: call it off the event loop. */
    public String whyNoAnswer() {
        try {
            int members = admin.admin().describeConsumerGroups(List.of(GROUP)).all().get(3, TimeUnit.SECONDS)
                    .get(GROUP).members().size();
            return members == 0
                    ? NO_SCHEDULER
                    : "the scheduler is running (" + members + " member(s) of " + GROUP + ") but did not answer";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof GroupIdNotFoundException) return NO_SCHEDULER;
            return "Kafka at " + admin.bootstrap() + " does not answer (" + cause.getMessage() + ")";
        }
    }
}

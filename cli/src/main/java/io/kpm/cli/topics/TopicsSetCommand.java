package io.kpm.cli.topics;

import java.util.List;
import java.util.concurrent.Callable;

import io.kpm.cli.CliFailure;
import io.kpm.cli.kafka.BrokerOption;
import io.kpm.schemas.Retention;
import io.kpm.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Change how long, or how much of, a kpm topic Kafka keeps, on the live topic.",
                "",
                "retention=DURATION (ms, s, m, h, d, w; forever), retention-bytes=SIZE per partition (K, M, G, T; "
                        + "unlimited), or forever for both. Kafka deletes whole segments, so a shorter limit takes "
                        + "effect within about a day. kpm.nodes is compacted and takes no retention."},
        footer = {"", "Examples:", "  kpm topics set kpm.proc.output retention=7d",
                "  kpm topics set kpm.proc.output retention-bytes=2G", "  kpm topics set kpm.pmi.audit forever"})
public final class TopicsSetCommand implements Callable<Integer> {

    @ParentCommand
    TopicsCommand parent;

    @Mixin
    BrokerOption broker;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A kpm topic, e.g. kpm.proc.output.")
    String topic;

    @Parameters(index = "1..*", paramLabel = "SETTING", description = "retention=DURATION, retention-bytes=SIZE or forever.")
    List<String> settings;

    @Override
    public Integer call() {
        Topics.TopicSpec spec = Topics.find(topic).orElseThrow(() -> new CliFailure(CliFailure.USAGE,
                "\"" + topic + "\" is not a kpm topic (kpm's topics: " + Topics.names() + ")"));
        if (spec.compacted()) {
            throw new CliFailure(CliFailure.USAGE, topic + " is compacted: it keeps the last event per key for good, "
                    + "and a retention does not apply to it");
        }
        RetentionChange change;
        try {
            change = RetentionChange.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
        BrokerOption where = broker.given() || parent == null ? broker : parent.broker;
        try (KafkaTopics kafka = KafkaTopics.connect(where.bootstrapServers())) {
            TopicState before = kafka.describe(topic);
            if (!before.exists()) {
                throw new CliFailure(topic + " does not exist on Kafka at " + kafka.bootstrap() + " yet: kpm's services "
                        + "create it when they first start (`kpm up`; for a fresh cluster `kpm up --retention` "
                        + "chooses its retention)");
            }
            kafka.alter(topic, change.operations());
            TopicState after = kafka.describe(topic);
            System.out.println(topic + " keeps " + describe(after) + " (was " + describe(before) + ")");
        }
        return 0;
    }

    private static String describe(TopicState t) {
        return Retention.formatMillis(t.retentionMs()) + ", " + Retention.formatBytes(t.retentionBytes()) + " per partition";
    }
}

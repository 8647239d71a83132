package io.kpm.cli.topics;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.kpm.cli.kafka.BrokerOption;
import io.kpm.cli.table.Table;
import io.kpm.schemas.Retention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"List kpm's Kafka topics: partitions, cleanup policy, retention and size on the brokers.",
                "",
                "RETENTION is how long Kafka keeps a topic's events, MAX/PARTITION how much of each partition "
                        + "(forever / unlimited: no limit; a compacted topic keeps the last event per key). DEFAULT "
                        + "is what kpm creates the topic with. `kpm topics set` changes a live topic."},
        subcommands = TopicsSetCommand.class,
        footer = {"", "Examples:", "  kpm topics", "  kpm topics set kpm.proc.output retention=7d retention-bytes=2G",
                "  kpm topics set kpm.pmi.audit forever", "  kpm topics --bootstrap kafka.example.org:9092"})
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    BrokerOption broker;

    @Override
    public Integer call() {
        try (KafkaTopics kafka = KafkaTopics.connect(broker.bootstrapServers())) {
            print(kafka.describe(), kafka.bootstrap(), System.out);
        }
        return 0;
    }

    static void print(List<TopicState> topics, String bootstrap, PrintStream out) {
        out.print(render(topics));
        out.println("on Kafka at " + bootstrap + "; `kpm topics set TOPIC retention=7d` changes a topic's retention");
    }

    static String render(List<TopicState> topics) {
        Table table = new Table("TOPIC", "PARTITIONS", "CLEANUP", "RETENTION", "MAX/PARTITION", "SIZE", "DEFAULT");
        for (TopicState t : topics) {
            String kpmDefault = t.spec().compacted() ? "compacted" : t.spec().retention().toString();
            if (!t.exists()) {
                table.row(t.name(), "not created yet", null, null, null, null, kpmDefault);
                continue;
            }
            boolean compacted = t.compacted();
            table.row(t.name(), Integer.toString(t.partitions()), t.cleanupPolicy(),
                    compacted ? "last per key" : Retention.formatMillis(t.retentionMs()),
                    compacted ? null : Retention.formatBytes(t.retentionBytes()),
                    t.sizeBytes() == null ? "?" : size(t.sizeBytes()), kpmDefault);
        }
        return table.render();
    }

    /** Bytes on disk, rounded for reading: 0 B, 812 B, 4.2 KiB, 1.0 GiB. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

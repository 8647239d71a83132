package io.kpm.schemas.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every event kpm writes to Kafka. The JSON form carries the record's simple name as {@code type}; the
 * JSON Schema of each type is {@code schemas/<type>.schema.json} on the classpath.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SpawnRequested.class, name = "SpawnRequested"),
        @JsonSubTypes.Type(value = AbortRequested.class, name = "AbortRequested"),
        @JsonSubTypes.Type(value = JobAccepted.class, name = "JobAccepted"),
        @JsonSubTypes.Type(value = JobPlaced.class, name = "JobPlaced"),
        @JsonSubTypes.Type(value = JobRunning.class, name = "JobRunning"),
        @JsonSubTypes.Type(value = JobFinished.class, name = "JobFinished"),
        @JsonSubTypes.Type(value = JobFailed.class, name = "JobFailed"),
        @JsonSubTypes.Type(value = JobAborted.class, name = "JobAborted"),
        @JsonSubTypes.Type(value = LaunchRequested.class, name = "LaunchRequested"),
        @JsonSubTypes.Type(value = KillRequested.class, name = "KillRequested"),
        @JsonSubTypes.Type(value = SignalRequested.class, name = "SignalRequested"),
        @JsonSubTypes.Type(value = ProcStarted.class, name = "ProcStarted"),
        @JsonSubTypes.Type(value = ProcExited.class, name = "ProcExited"),
        @JsonSubTypes.Type(value = ProcLaunchFailed.class, name = "ProcLaunchFailed"),
        @JsonSubTypes.Type(value = OutputChunk.class, name = "OutputChunk"),
        @JsonSubTypes.Type(value = StdinChunk.class, name = "StdinChunk"),
        @JsonSubTypes.Type(value = SpawnCompleted.class, name = "SpawnCompleted"),
        @JsonSubTypes.Type(value = SpawnFailed.class, name = "SpawnFailed"),
        @JsonSubTypes.Type(value = NodeRegistered.class, name = "NodeRegistered"),
        @JsonSubTypes.Type(value = NodeHeartbeat.class, name = "NodeHeartbeat"),
        @JsonSubTypes.Type(value = NodeDraining.class, name = "NodeDraining"),
        @JsonSubTypes.Type(value = NodeUndrained.class, name = "NodeUndrained"),
        @JsonSubTypes.Type(value = NodeLeft.class, name = "NodeLeft"),
        @JsonSubTypes.Type(value = PmiExchange.class, name = "PmiExchange"),
})
public sealed interface KpmEvent permits
        SpawnRequested, AbortRequested,
        JobAccepted, JobPlaced, JobRunning, JobFinished, JobFailed, JobAborted,
        LaunchRequested, KillRequested, SignalRequested,
        ProcStarted, ProcExited, ProcLaunchFailed,
        OutputChunk, StdinChunk,
        SpawnCompleted, SpawnFailed,
        NodeRegistered, NodeHeartbeat, NodeDraining, NodeUndrained, NodeLeft,
        PmiExchange {

    EventMeta meta();

    /** The Kafka record key: pgid, requestId or nodeId (a node's drain decisions: "&lt;nodeId&gt; drain"), as DESIGN.md's topic table says. */
    String kafkaKey();

    /** The topic this event type is written to. */
    String topic();

    /** The event's type name, as written in the JSON {@code type} property. */
    default String typeName() {
        return getClass().getSimpleName();
    }
}

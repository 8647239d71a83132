package io.kpm.schemas.events;

/** Which service (gateway, scheduler, node-agent, cli) and which instance of it wrote an event. */
public record Producer(String service, String instance) {
}

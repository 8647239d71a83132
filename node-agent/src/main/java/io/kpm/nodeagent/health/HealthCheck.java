package io.kpm.nodeagent.health;

import java.util.Map;

/** One check of /q/health, as MicroProfile Health writes it. */
public record HealthCheck(String name, String status, Map<String, Object> data) {

    public static HealthCheck of(String name, boolean up, Map<String, Object> data) {
        return new HealthCheck(name, up ? "UP" : "DOWN", data);
    }

    public boolean up() {
        return "UP".equals(status);
    }
}

package org.captchaws.operations;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * A health answer in MicroProfile Health's shape: {@code {"status":"UP","checks":[...]}}, UP
 * only when every check is. What the servers' own health endpoints answer, so the tools made
 * for those read this one too.
 */
@JsonbPropertyOrder({"status", "checks"})
public record Health(String status, List<Check> checks) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public static Health of(List<Check> checks) {
        return new Health(checks.stream().allMatch(Check::up) ? UP : DOWN, List.copyOf(checks));
    }

    public boolean up() {
        return UP.equals(status);
    }

    /**
     * One check: its name, UP or DOWN, and what an operator may know of it (never a secret,
     * a path or an address: the answer is public). No data is left out of the JSON.
     */
    @JsonbPropertyOrder({"name", "status", "data"})
    public record Check(String name, String status, Map<String, String> data) {

        public static Check of(String name, boolean up, Map<String, String> data) {
            return new Check(name, up ? UP : DOWN, data.isEmpty() ? null : Map.copyOf(data));
        }

        public boolean up() {
            return UP.equals(status);
        }
    }
}

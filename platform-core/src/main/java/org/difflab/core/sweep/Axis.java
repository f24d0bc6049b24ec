package org.difflab.core.sweep;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One swept dimension: a {@code grid} key (one key, its list of values) or a {@code zip} group (several keys
 * whose lists advance in lock step, so position i sets every key to its i-th value).
 *
 * @param kind grid or zip
 * @param keys the dotted spec keys the axis sets (one for a grid axis)
 * @param positions for each position along the axis, the value of each key (same order as {@code keys})
 * @param where for each position, the source line of its value (used to locate problems of the trials)
 */
public record Axis(Kind kind, List<String> keys, List<List<JsonNode>> positions, List<String> where) {

    /** How the axis combines with the others. */
    public enum Kind {
        /** crossed with every other axis */
        GRID,
        /** several keys in lock step, crossed with the other axes as one */
        ZIP
    }

    /** Number of positions along the axis. */
    public int size() {
        return positions.size();
    }
}

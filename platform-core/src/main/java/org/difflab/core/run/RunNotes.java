package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Results of a run's phases that go into metrics.json beside the metrics (e.g. the training summary). */
public final class RunNotes {

    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();

    /** Records a named section of values. */
    public void put(String section, Map<String, Object> values) {
        sections.put(section, new LinkedHashMap<>(values));
    }

    /** The sections, in the order recorded. */
    public Map<String, Map<String, Object>> sections() {
        return sections;
    }
}

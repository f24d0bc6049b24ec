package org.difflab.api;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Base of every extension point. A concrete component is a class that
 * <ul>
 *   <li>implements one extension point (e.g. {@link Solver}),</li>
 *   <li>carries {@link org.pf4j.Extension @Extension} so PF4J indexes it, and {@link Component @Component}
 *       with its stable id and a one-line summary,</li>
 *   <li>has a public constructor taking its options record (each record component annotated with
 *       {@link Param @Param}), or a public no-argument constructor when it has no options.</li>
 * </ul>
 * The platform binds a spec's {@code {type: <id>, <options>...}} to that record, validating types and
 * ranges before anything runs, and constructs the component with it.
 */
public interface Pluggable extends ExtensionPoint {

    /**
     * What this component claims beyond its extension point's basic contract. The contract suite runs
     * the checks for claimed capabilities and reports the others as skipped.
     */
    default Set<Capability> capabilities() {
        return Set.of();
    }
}

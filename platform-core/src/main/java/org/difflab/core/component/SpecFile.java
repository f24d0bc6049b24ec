package org.difflab.core.component;

import java.nio.file.Path;

/**
 * A file named in a spec: as written (kept in the resolved spec, so run ids do not depend on where the
 * checkout lives) and resolved against the spec's directory.
 *
 * @param spelling the path as written in the spec
 * @param path the resolved path (exists when bound)
 */
public record SpecFile(String spelling, Path path) {}

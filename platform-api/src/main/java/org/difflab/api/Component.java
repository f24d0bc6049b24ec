package org.difflab.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Identifies a component class: the id a spec names in {@code type:}, and a one-line summary. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Component {

    /** Stable id, lower case, digits, '-' and '_' (e.g. {@code heun}, {@code energy_distance}). */
    String id();

    /** One line for {@code difflab plugins} and {@code difflab describe}. */
    String summary();

    /**
     * Options to build an example instance with, in YAML flow syntax ({@code "{means: [[0], [1]], stds: [1, 1]}"}),
     * for components with required options: the contract suite and {@code difflab verify} use it. Empty means
     * the defaults suffice.
     */
    String example() default "";
}

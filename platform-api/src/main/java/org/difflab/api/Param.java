package org.difflab.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents and constrains one component of an options record. The spec key is the component's name
 * in snake_case ({@code sigmaMin} is written {@code sigma_min}).
 *
 * <p>Presence: with a {@link #defaultValue()} the key is optional. Without one, a key of boxed type
 * ({@code Double}, {@code Integer}, ...) is optional and arrives as {@code null}; any other type is
 * required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

    /** What the value means, with its units. */
    String doc();

    /** Default in YAML syntax ({@code 0.002}, {@code heun}, {@code [1.0, 2.0]}); empty for none. */
    String defaultValue() default "";

    /** Smallest accepted value for numbers (and each number in a list). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest accepted value for numbers (and each number in a list). */
    double max() default Double.POSITIVE_INFINITY;

    /** Whether {@link #min()} itself is excluded. */
    boolean exclusiveMin() default false;

    /** Whether {@link #max()} itself is excluded. */
    boolean exclusiveMax() default false;
}

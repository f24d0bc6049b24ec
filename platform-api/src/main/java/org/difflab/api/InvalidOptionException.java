package org.difflab.api;

/**
 * Thrown by an options record's compact constructor (or a component constructor) when values that are
 * each in range are inconsistent together. The platform reports it against the spec key it names.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private final String key;

    /**
     * @param key the snake_case option key at fault (e.g. {@code sigma_min})
     * @param message what is wrong and what would be accepted
     */
    public InvalidOptionException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The snake_case option key at fault. */
    public String key() {
        return key;
    }
}

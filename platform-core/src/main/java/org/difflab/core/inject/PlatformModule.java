package org.difflab.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.spec.ExperimentLoader;

/**
 * Platform-wide bindings: the component registry built from the loaded plugins. One injector per process;
 * each run gets a child injector ({@link RunModule}) that is dropped afterwards, so no run keeps plugin
 * classes reachable.
 */
public final class PlatformModule extends AbstractModule {

    private final ComponentRegistry registry;

    /** Bindings over {@code registry}. */
    public PlatformModule(ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(ComponentRegistry.class).toInstance(registry);
    }

    @Provides
    @Singleton
    ExperimentLoader experimentLoader(ComponentRegistry components) {
        return new ExperimentLoader(components);
    }
}

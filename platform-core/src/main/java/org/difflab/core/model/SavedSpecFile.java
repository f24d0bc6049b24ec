package org.difflab.core.model;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.difflab.api.ComponentChoice;
import org.difflab.api.Pluggable;
import org.difflab.api.model.SavedSpec;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import tools.jackson.databind.JsonNode;

/** A saved spec read with the platform's parser and bound with its binder, as a model plugin sees it. */
final class SavedSpecFile implements SavedSpec {

    private final ComponentRegistry registry;
    private final SpecDocument document;

    SavedSpecFile(ComponentRegistry registry, Path file) {
        this.registry = registry;
        try {
            this.document = YamlSpecParser.read(file);
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Pluggable> ComponentChoice<T> component(Class<T> extensionPoint, String key) {
        ExtensionKind kind = ExtensionKind.of(extensionPoint)
                .orElseThrow(() -> new IllegalArgumentException(extensionPoint.getName() + " is not an extension point"));
        JsonNode node = node(key);
        if (node == null) {
            throw new IllegalArgumentException(document.sourceName() + " has no key " + key);
        }
        SpecBinder binder = new SpecBinder(registry, document);
        try {
            ComponentChoice<T> bound = (ComponentChoice<T>) binder.bindComponent(node, kind, key);
            binder.throwIfProblems();
            return bound;
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong integer(String key) {
        JsonNode node = node(key);
        return node != null && node.isIntegralNumber() ? OptionalLong.of(node.longValue()) : OptionalLong.empty();
    }

    private JsonNode node(String key) {
        JsonNode node = document.root();
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }
}

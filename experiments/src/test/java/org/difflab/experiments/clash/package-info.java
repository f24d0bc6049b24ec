/**
 * Components of a third-party plugin whose ids are already taken by bundled ones, which the platform must never let
 * replace the bundled components silently. The tests package them into a plugin jar at test time
 * ({@link org.difflab.experiments.PluginJars}); nothing else uses them.
 */
package org.difflab.experiments.clash;

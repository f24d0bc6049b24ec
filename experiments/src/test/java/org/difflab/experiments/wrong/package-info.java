/**
 * Deliberately wrong components, one mistake each, that {@code difflab verify} must catch: a process whose sigma' is
 * wrong, a solver that claims order 2 but is first order, a solver that asks for x0_hat where sigma = 0, a stochastic
 * solver adding 5x the right noise, a schedule that is not monotone, and a noise distribution that draws from another
 * density than it declares. The tests package them into a plugin jar at test time
 * ({@link org.difflab.experiments.PluginJars}); nothing else uses them.
 */
package org.difflab.experiments.wrong;

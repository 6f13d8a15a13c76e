/**
 * The one composition root of a node, for {@code concord serve}, {@code concord demo} and the tests
 * alike: its configuration parsed once ({@link org.concord.runtime.NodeSettings}), its parts opened
 * from its folder ({@link org.concord.runtime.NodeServices}: database, store, keys, TLS identity,
 * agreements, the egress and receive paths, sync rounds) and the {@link org.concord.runtime.Role}s
 * it runs, started and stopped in one order by {@link org.concord.runtime.NodeRuntime}
 * (docs/architecture.md, "Runtime and roles").
 *
 * <p>This package may use every capability and wires them by hand; no capability uses it. Only
 * {@code cli} and tests do.
 */
package org.concord.runtime;

/**
 * The {@code concord} command line (picocli, {@link org.concord.cli.Main}): one thin command per
 * task, each parsing its options, calling one capability (or {@code runtime.NodeRuntime}, for
 * {@code serve} and {@code demo}) and printing what it did; failures become one line and an exit
 * status ({@code Failures}). {@code demo}'s federation ({@code DemoFederation}) and campaign live here
 * too. May use every package.
 */
package org.concord.cli;

/**
 * Reading a node's configuration file ({@code node.json}) once, and parsing it with messages that
 * say what to fix and where: {@link org.concord.config.ConfigFile} (the file read once, every
 * problem of a parse reported together, each with its JSON pointer; edits that keep what they do
 * not touch) and {@link org.concord.config.Section} (one value of it, read with defaults and
 * bounds).
 *
 * <p>This package knows no section: each capability parses its own section into its own record,
 * beside its code ({@code node.NodeConfig}, {@code taxii.TaxiiConfig}, {@code federation.SyncConfig},
 * {@code warning.WarningConfig}, {@code fanout.FanOutConfig}, {@code fanout.Webhooks},
 * {@code policy.Agreements}), and the composition root asks each for its own
 * ({@code runtime.NodeSettings}). Every package may use this one; it uses only the error catalogue and
 * Jackson, whose types it keeps to itself but for {@link org.concord.config.ConfigFile#edit}.
 */
package org.concord.config;

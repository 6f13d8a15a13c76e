/**
 * The {@code concord} launcher: picocli commands, one class each ({@code init}, {@code import},
 * {@code export}, {@code serve}, {@code sync}, {@code peer}, {@code feed}, {@code token},
 * {@code verify}, {@code audit}, {@code alerts}, {@code sighting}, {@code webhook}, {@code stats},
 * {@code collection}, {@code demo}). Commands are thin: they parse options, open the node's parts
 * and print; what a user can get wrong becomes a message and an exit status here
 * ({@code Failures}), never a stack trace. May use every package.
 */
package org.concord.cli;

package org.concord.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.concord.ConcordException;

/**
 * How a failed command ends: one line saying what was wrong, and the exit status of its kind
 * (README, "Exit statuses"). Never a stack trace: a failure nobody foresaw (a bug) says so with an
 * error id, and its trace goes to a file the line names, for the bug report.
 */
final class Failures {
    private Failures() {}

    /** One failure, ready to print. */
    record Ending(int status, String message) {}

    static Ending of(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return switch (t) {
            case ConcordException c -> new Ending(switch (c.code().category()) {
                case BAD_INPUT, CONFLICT -> Main.USAGE;
                case NOT_ALLOWED, NOT_FOUND -> Main.REFUSED;
                case INTERNAL -> Main.INTERNAL;
            }, c.getMessage());
            case InvalidPathException p -> new Ending(Main.USAGE, "not a usable path: " + p.getInput()
                    + " (a character the file system's encoding cannot hold? run with a UTF-8 locale)");
            case IllegalArgumentException a -> new Ending(Main.USAGE, a.getMessage());
            case IOException io -> io(io);
            default -> internal(t);
        };
    }

    /** A file the command was given or needs: missing, not allowed, of the wrong kind; else the system's words. */
    private static Ending io(IOException e) {
        if (e instanceof FileSystemException f) {
            String file = f.getFile() == null ? "" : f.getFile();
            return switch (f) {
                case NoSuchFileException n -> new Ending(Main.REFUSED, "no such file or folder: " + file);
                case AccessDeniedException a -> new Ending(Main.REFUSED, "permission denied: " + file);
                case FileAlreadyExistsException x -> new Ending(Main.USAGE, "already exists: " + file);
                case NotDirectoryException d -> new Ending(Main.USAGE, "not a folder: " + file);
                case DirectoryNotEmptyException d -> new Ending(Main.USAGE, "folder not empty: " + file);
                default -> {
                    String reason = f.getReason() == null ? "refused" : f.getReason();
                    int status = reason.contains("Is a directory") || reason.contains("Not a directory") ? Main.USAGE
                            : reason.contains("Read-only") || reason.contains("not permitted") ? Main.REFUSED : Main.INTERNAL;
                    yield new Ending(status, file + ": " + reason);
                }
            };
        }
        if (e instanceof FileNotFoundException) return new Ending(Main.REFUSED, e.getMessage()); // "FILE (reason)"
        return new Ending(Main.INTERNAL, e.getMessage() == null ? "input/output failure" : e.getMessage());
    }

    /** A bug: an error id on the line, the trace in a file (mode 600) named by it. */
    private static Ending internal(Throwable e) {
        String id = UUID.randomUUID().toString();
        String where;
        try {
            Path file = Files.createTempFile("concord-error-" + id + "-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            Files.writeString(file, trace.toString());
            where = "; the details are in " + file;
        } catch (IOException | UnsupportedOperationException io) {
            where = "";
        }
        String what = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return new Ending(Main.INTERNAL, "internal failure (error id " + id + ")" + what + where + "; please report it");
    }
}

package org.concord.federation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A TAXII 2.1 server this node pulls one collection from ({@code concord feed add}): any server,
 * Concord or not (the OASIS reference server medallion, OpenCTI's TAXII collections). What it
 * delivers is stored with origin {@code feed:NAME}.
 *
 * @param name       the feed's short name; its party name is {@code feed:NAME}
 * @param url        the server's discovery URL (or one API root's URL)
 * @param collection the remote collection's id
 * @param into       the local collection (alias or id) its objects go into
 * @param auth       how to authenticate
 * @param caFile     PEM certificate(s) to trust for HTTPS, or null for the JDK's CAs
 * @param allowHttp  whether a plain-HTTP URL is allowed (the operator said so explicitly)
 * @param mayReshare whether what it delivers may be passed on to peers
 * @param added      when it was added
 */
public record Feed(String name, URI url, String collection, String into, FeedAuth auth, Path caFile,
                   boolean allowHttp, boolean mayReshare, Instant added) {

    /** Prefix of a feed's party name and origin node. */
    public static final String PREFIX = "feed:";

    public Feed {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("a feed name is 1-63 lower-case letters, digits, '.', '_' or '-': " + name);
        }
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("a feed URL is an https:// URL of the server's discovery endpoint: " + url);
        }
        if (scheme.equals("http") && !allowHttp) {
            throw new IllegalArgumentException("the feed URL is plain HTTP: " + url
                    + "; use https, or allow plain HTTP explicitly (feed add --allow-http)");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("put no credentials in the feed URL; use --user with --password-file, or --token-file");
        }
        Objects.requireNonNull(collection, "collection");
        if (collection.isBlank() || collection.length() > 200 || collection.contains("/")) {
            throw new IllegalArgumentException("a remote collection id is 1..200 characters without '/': " + collection);
        }
        Objects.requireNonNull(into, "into");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(added, "added");
    }

    /** {@code feed:NAME}: how checkpoints, states, errors and stored origins name it. */
    public String party() {
        return PREFIX + name;
    }
}

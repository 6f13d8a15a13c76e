package org.concord.stix;

import static org.concord.stix.CommonProps.hashes;
import static org.concord.stix.CommonProps.observableCommon;
import static org.concord.stix.Props.BINARY;
import static org.concord.stix.Props.BOOLEAN;
import static org.concord.stix.Props.DICT;
import static org.concord.stix.Props.HEX;
import static org.concord.stix.Props.INTEGER;
import static org.concord.stix.Props.NUMBER;
import static org.concord.stix.Props.STRING;
import static org.concord.stix.Props.STRINGS;
import static org.concord.stix.Props.TIMESTAMP;
import static org.concord.stix.Props.TIMESTAMP_SECONDS;
import static org.concord.stix.Props.URL;
import static org.concord.stix.Props.atLeastOne;
import static org.concord.stix.Props.dependency;
import static org.concord.stix.Props.dict;
import static org.concord.stix.Props.embedded;
import static org.concord.stix.Props.enumOf;
import static org.concord.stix.Props.exclusive;
import static org.concord.stix.Props.format;
import static org.concord.stix.Props.integer;
import static org.concord.stix.Props.list;
import static org.concord.stix.Props.only;
import static org.concord.stix.Props.ref;
import static org.concord.stix.Props.refs;
import static org.concord.stix.Props.shape;
import static org.concord.stix.Props.timeOrder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.concord.stix.Props.Constraint;
import org.concord.stix.Props.Prop;
import org.concord.stix.Props.Shape;
import org.concord.stix.Props.ShapeBuilder;
import org.concord.stix.TypeDef.Family;

/** The type table for STIX Cyber-observable Objects (§6) and their predefined extensions. */
final class ObservableTypes {
    private ObservableTypes() {}

    private static final Prop HASHES = hashes(false);
    private static final Prop PORT = integer(0, 65535);
    private static final Prop NON_NEGATIVE = integer(0, Long.MAX_VALUE);
    private static final Prop CHARSET = format(ObservableTypes::isCharset, "an IANA character set name");
    private static final Prop ADDRESS = ref(only("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"));
    private static final Prop ARTIFACT = ref(only("artifact"));
    private static final Prop EMAIL_ADDR = ref(only("email-addr"));
    private static final Prop USER_ACCOUNT = ref(only("user-account"));

    /** IANA media type names: "type/subtype" with a registered top-level type (§6.1 artifact). */
    private static final Pattern MIME = Pattern.compile(
            "^(application|audio|font|image|message|model|multipart|text|video)/[a-zA-Z0-9.+_-]+");
    /** ISO 639-2 / RFC 5646 language tags as software.languages carries them. */
    private static final Pattern LANGUAGE = Pattern.compile(
            "^([a-z]{2}(-[A-Z]{2})?(-[a-z]{4})?(-[A-Z]{2}|[0-9]{3})?(-[a-z0-9]{5,8}|[0-9][a-z0-9]{3})*(-[a-z0-9]{1,8})*|[a-z]{3})$");

    static Map<String, TypeDef> table() {
        Map<String, TypeDef> t = new HashMap<>();
        sco(t, "artifact", Map.of(), s -> s.opt("mime_type", format(v -> MIME.matcher(v).find(), "an IANA media type"))
                .opt("payload_bin", BINARY).opt("url", URL).opt("hashes", HASHES)
                .opt("encryption_algorithm", enumOf("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"))
                .opt("decryption_key", STRING)
                // §6.1: payload_bin or url (with hashes), not both; a key only with an algorithm
                .rule(atLeastOne("payload_bin", "url"), exclusive("payload_bin", "url"), dependency("url", "hashes"),
                        dependency("decryption_key", "encryption_algorithm")));
        sco(t, "autonomous-system", Map.of(), s -> s.req("number", INTEGER).opt("name", STRING).opt("rir", STRING));
        sco(t, "directory", Map.of(), s -> s.req("path", STRING).opt("path_enc", CHARSET)
                .opt("ctime", TIMESTAMP).opt("mtime", TIMESTAMP).opt("atime", TIMESTAMP)
                .opt("contains_refs", refs(only("file", "directory"))));
        sco(t, "domain-name", Map.of(), s -> s.req("value", format(Values::isHostname, "a domain name (RFC 1034/5890)"))
                .opt("resolves_to_refs", refs(only("ipv4-addr", "ipv6-addr", "domain-name"))));
        sco(t, "email-addr", Map.of(), s -> s.req("value", format(Values::isEmail, "an email address (RFC 5322 addr-spec)"))
                .opt("display_name", STRING).opt("belongs_to_ref", USER_ACCOUNT));
        sco(t, "email-message", Map.of(), s -> s.req("is_multipart", BOOLEAN).opt("date", TIMESTAMP)
                .opt("content_type", STRING).opt("from_ref", EMAIL_ADDR).opt("sender_ref", EMAIL_ADDR)
                .opt("to_refs", refs(only("email-addr"))).opt("cc_refs", refs(only("email-addr")))
                .opt("bcc_refs", refs(only("email-addr"))).opt("message_id", STRING).opt("subject", STRING)
                .opt("received_lines", STRINGS).opt("additional_header_fields", dict(HEADER_VALUE))
                .opt("body", STRING).opt("body_multipart", list(embedded(MIME_PART)))
                .opt("raw_email_ref", ARTIFACT)
                .rule(MULTIPART));
        sco(t, "file", FILE_EXTENSIONS, s -> s.opt("hashes", HASHES).opt("size", NON_NEGATIVE).opt("name", STRING)
                .opt("name_enc", CHARSET).opt("magic_number_hex", HEX).opt("mime_type", STRING)
                .opt("ctime", TIMESTAMP).opt("mtime", TIMESTAMP).opt("atime", TIMESTAMP)
                .opt("parent_directory_ref", ref(only("directory"))).opt("contains_refs", refs(CommonProps.SCO))
                .opt("content_ref", ARTIFACT)
                .rule(atLeastOne("hashes", "name")));
        sco(t, "ipv4-addr", Map.of(), s -> s.req("value", format(Values::isIpv4Cidr, "an IPv4 address or CIDR block"))
                .opt("resolves_to_refs", refs(only("mac-addr"))).opt("belongs_to_refs", refs(only("autonomous-system"))));
        sco(t, "ipv6-addr", Map.of(), s -> s.req("value", format(Values::isIpv6Cidr, "an IPv6 address or CIDR block (RFC 4291)"))
                .opt("resolves_to_refs", refs(only("mac-addr"))).opt("belongs_to_refs", refs(only("autonomous-system"))));
        sco(t, "mac-addr", Map.of(), s -> s.req("value", format(Values::isMac, "a MAC address in lowercase, colon-separated form")));
        sco(t, "mutex", Map.of(), s -> s.req("name", STRING));
        sco(t, "network-traffic", TRAFFIC_EXTENSIONS, s -> s.opt("start", TIMESTAMP).opt("end", TIMESTAMP)
                .opt("is_active", BOOLEAN).opt("src_ref", ADDRESS).opt("dst_ref", ADDRESS)
                .opt("src_port", PORT).opt("dst_port", PORT).req("protocols", STRINGS)
                .opt("src_byte_count", INTEGER).opt("dst_byte_count", INTEGER).opt("src_packets", INTEGER)
                .opt("dst_packets", INTEGER).opt("ipfix", dict(STRING_OR_INTEGER))
                .opt("src_payload_ref", ARTIFACT).opt("dst_payload_ref", ARTIFACT)
                .opt("encapsulates_refs", refs(only("network-traffic"))).opt("encapsulated_by_ref", ref(only("network-traffic")))
                // §6.12: a source or a destination; an active flow has no end; end not before start
                .rule(atLeastOne("src_ref", "dst_ref"), ACTIVE_HAS_NO_END, timeOrder("start", "end", false)));
        sco(t, "process", PROCESS_EXTENSIONS, s -> s.opt("is_hidden", BOOLEAN).opt("pid", INTEGER)
                .opt("created_time", TIMESTAMP).opt("cwd", STRING).opt("command_line", STRING)
                .opt("environment_variables", dict(STRING)).opt("opened_connection_refs", refs(only("network-traffic")))
                .opt("creator_user_ref", USER_ACCOUNT).opt("image_ref", ref(only("file")))
                .opt("parent_ref", ref(only("process"))).opt("child_refs", refs(only("process")))
                .rule(atLeastOne("extensions", "is_hidden", "pid", "created_time", "cwd", "command_line",
                        "environment_variables", "opened_connection_refs", "creator_user_ref", "image_ref",
                        "parent_ref", "child_refs")));
        sco(t, "software", Map.of(), s -> s.req("name", STRING).opt("cpe", format(ObservableTypes::isCpe23, "a CPE 2.3 name"))
                .opt("swid", STRING).opt("languages", list(format(v -> LANGUAGE.matcher(v).matches(), "a language code")))
                .opt("vendor", STRING).opt("version", STRING));
        sco(t, "url", Map.of(), s -> s.req("value", URL));
        sco(t, "user-account", ACCOUNT_EXTENSIONS, s -> s.opt("user_id", STRING).opt("credential", STRING)
                .opt("account_login", STRING).opt("account_type", STRING).opt("display_name", STRING)
                .opt("is_service_account", BOOLEAN).opt("is_privileged", BOOLEAN).opt("can_escalate_privs", BOOLEAN)
                .opt("is_disabled", BOOLEAN).opt("account_created", TIMESTAMP).opt("account_expires", TIMESTAMP)
                .opt("credential_last_changed", TIMESTAMP).opt("account_first_login", TIMESTAMP)
                .opt("account_last_login", TIMESTAMP)
                .rule(atLeastOne("extensions", "user_id", "credential", "account_login", "account_type", "display_name",
                        "is_service_account", "is_privileged", "can_escalate_privs", "is_disabled", "account_created",
                        "account_expires", "credential_last_changed", "account_first_login", "account_last_login")));
        sco(t, "windows-registry-key", Map.of(), s -> s.opt("key", format(ObservableTypes::isRegistryKey,
                        "a full registry key path (hive names not abbreviated)"))
                .opt("values", list(embedded(REGISTRY_VALUE))).opt("modified_time", TIMESTAMP)
                .opt("creator_user_ref", USER_ACCOUNT).opt("number_of_subkeys", INTEGER)
                .rule(atLeastOne("key", "values", "modified_time", "creator_user_ref", "number_of_subkeys")));
        sco(t, "x509-certificate", Map.of(), s -> s.opt("is_self_signed", BOOLEAN).opt("hashes", HASHES)
                .opt("version", STRING).opt("serial_number", STRING).opt("signature_algorithm", STRING)
                .opt("issuer", STRING).opt("validity_not_before", TIMESTAMP).opt("validity_not_after", TIMESTAMP)
                .opt("subject", STRING).opt("subject_public_key_algorithm", STRING)
                .opt("subject_public_key_modulus", STRING).opt("subject_public_key_exponent", INTEGER)
                .opt("x509_v3_extensions", embedded(X509_V3))
                .rule(atLeastOne("is_self_signed", "hashes", "version", "serial_number", "signature_algorithm", "issuer",
                        "validity_not_before", "validity_not_after", "subject", "subject_public_key_algorithm",
                        "subject_public_key_modulus", "subject_public_key_exponent", "x509_v3_extensions")));
        return Map.copyOf(t);
    }

    private static void sco(Map<String, TypeDef> t, String type, Map<String, Shape> extensions, UnaryOperator<ShapeBuilder> own) {
        t.put(type, new TypeDef(type, Family.OBSERVABLE, own.apply(shape().include(observableCommon(extensions))).build()));
    }

    // ---- embedded types ----

    private static final Prop STRING_OR_INTEGER = (v, p, f) -> {
        if (v.isTextual()) return;
        INTEGER.check(v, p, f);
    };

    /** email-message additional_header_fields: a string or a list of strings per header. */
    private static final Prop HEADER_VALUE = (v, p, f) -> {
        if (!v.isTextual()) STRINGS.check(v, p, f);
    };

    private static final Shape MIME_PART = shape().opt("body", STRING).opt("body_raw_ref", ref(only("artifact", "file")))
            .opt("content_type", STRING).opt("content_disposition", STRING)
            .rule(atLeastOne("body", "body_raw_ref"), exclusive("body", "body_raw_ref"))
            .build();

    /** §6.6: body only in a non-multipart message, body_multipart only in a multipart one. */
    private static final Constraint MULTIPART = (o, p, f) -> {
        JsonNode multipart = o.get("is_multipart");
        if (multipart == null || !multipart.isBoolean()) return;
        if (multipart.booleanValue() && o.has("body")) {
            f.add(p + "/body", "exclusive", "body must not be present when is_multipart is true");
        }
        if (!multipart.booleanValue() && o.has("body_multipart")) {
            f.add(p + "/body_multipart", "exclusive", "body_multipart must not be present when is_multipart is false");
        }
    };

    private static final Constraint ACTIVE_HAS_NO_END = (o, p, f) -> {
        JsonNode active = o.get("is_active");
        if (active != null && active.isBoolean() && active.booleanValue() && o.has("end")) {
            f.add(p + "/end", "exclusive", "end must not be present when is_active is true");
        }
    };

    private static final Shape REGISTRY_VALUE = shape().opt("name", STRING).opt("data", STRING)
            .opt("data_type", enumOf("REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
                    "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
                    "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"))
            .rule(atLeastOne("name", "data", "data_type"))
            .build();

    private static final Shape X509_V3 = shape().opt("basic_constraints", STRING).opt("name_constraints", STRING)
            .opt("policy_constraints", STRING).opt("key_usage", STRING).opt("extended_key_usage", STRING)
            .opt("subject_key_identifier", STRING).opt("authority_key_identifier", STRING)
            .opt("subject_alternative_name", STRING).opt("issuer_alternative_name", STRING)
            .opt("subject_directory_attributes", STRING).opt("crl_distribution_points", STRING)
            .opt("inhibit_any_policy", STRING).opt("private_key_usage_period_not_before", TIMESTAMP)
            .opt("private_key_usage_period_not_after", TIMESTAMP).opt("certificate_policies", STRING)
            .opt("policy_mappings", STRING)
            .rule(atLeastOne("basic_constraints", "name_constraints", "policy_constraints", "key_usage",
                    "extended_key_usage", "subject_key_identifier", "authority_key_identifier", "subject_alternative_name",
                    "issuer_alternative_name", "subject_directory_attributes", "crl_distribution_points",
                    "inhibit_any_policy", "private_key_usage_period_not_before", "private_key_usage_period_not_after",
                    "certificate_policies", "policy_mappings"))
            .build();

    // ---- predefined extensions (§6.x) ----

    private static final Shape PE_OPTIONAL_HEADER = peOptionalHeader();

    private static final Shape PE_SECTION = shape().req("name", STRING).opt("size", NON_NEGATIVE)
            .opt("entropy", NUMBER).opt("hashes", HASHES).build();

    private static final Map<String, Shape> FILE_EXTENSIONS = Map.of(
            "archive-ext", shape().req("contains_refs", refs(only("file", "directory"))).opt("comment", STRING).build(),
            "ntfs-ext", shape().opt("sid", STRING)
                    .opt("alternate_data_streams", list(embedded(shape().req("name", STRING).opt("hashes", HASHES)
                            .opt("size", NON_NEGATIVE).build())))
                    .rule(atLeastOne("sid", "alternate_data_streams")).build(),
            "pdf-ext", shape().opt("version", STRING).opt("is_optimized", BOOLEAN).opt("document_info_dict", dict(STRING))
                    .opt("pdfid0", STRING).opt("pdfid1", STRING)
                    .rule(atLeastOne("version", "is_optimized", "document_info_dict", "pdfid0", "pdfid1")).build(),
            "raster-image-ext", shape().opt("image_height", INTEGER).opt("image_width", INTEGER)
                    .opt("bits_per_pixel", INTEGER).opt("exif_tags", dict(STRING_OR_INTEGER))
                    .rule(atLeastOne("image_height", "image_width", "bits_per_pixel", "exif_tags")).build(),
            "windows-pebinary-ext", shape().req("pe_type", STRING).opt("imphash", STRING).opt("machine_hex", HEX)
                    .opt("number_of_sections", NON_NEGATIVE).opt("time_date_stamp", TIMESTAMP_SECONDS)
                    .opt("pointer_to_symbol_table_hex", HEX).opt("number_of_symbols", NON_NEGATIVE)
                    .opt("size_of_optional_header", NON_NEGATIVE).opt("characteristics_hex", HEX)
                    .opt("file_header_hashes", HASHES).opt("optional_header", embedded(PE_OPTIONAL_HEADER))
                    .opt("sections", list(embedded(PE_SECTION)))
                    .rule(atLeastOne("imphash", "machine_hex", "number_of_sections", "time_date_stamp",
                            "pointer_to_symbol_table_hex", "number_of_symbols", "size_of_optional_header",
                            "characteristics_hex", "file_header_hashes", "optional_header", "sections")).build());

    private static Shape peOptionalHeader() {
        var b = shape().opt("magic_hex", HEX).opt("win32_version_value_hex", HEX).opt("checksum_hex", HEX)
                .opt("subsystem_hex", HEX).opt("dll_characteristics_hex", HEX).opt("loader_flags_hex", HEX)
                .opt("hashes", HASHES);
        for (String n : new String[] {"major_linker_version", "minor_linker_version", "address_of_entry_point",
                "base_of_code", "base_of_data", "image_base", "section_alignment", "file_alignment", "major_os_version",
                "minor_os_version", "major_image_version", "minor_image_version", "major_subsystem_version",
                "minor_subsystem_version", "number_of_rva_and_sizes"}) {
            b.opt(n, INTEGER);
        }
        for (String n : new String[] {"size_of_code", "size_of_initialized_data", "size_of_uninitialized_data",
                "size_of_image", "size_of_headers", "size_of_stack_reserve", "size_of_stack_commit",
                "size_of_heap_reserve", "size_of_heap_commit"}) {
            b.opt(n, NON_NEGATIVE);
        }
        return b.build();
    }

    /** socket-ext options: SO_*, ICMP_*, IP_*, ... names with integer values (§6.12). */
    private static final Pattern SOCKET_OPTION = Pattern.compile("(SO|ICMP|ICMP6|IP|IPV6|MCAST|TCP|IRLMP)(_[A-Z]+)+");
    private static final Prop INTEGER_DICT = dict(INTEGER);
    private static final Prop SOCKET_OPTIONS = (v, p, f) -> {
        INTEGER_DICT.check(v, p, f);
        if (!v.isObject()) return;
        Iterator<String> names = v.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!SOCKET_OPTION.matcher(n).matches()) {
                f.add(p + "/" + Values.pointerToken(n), "format", "socket option must be named like SO_REUSEADDR: " + Values.show(n));
            }
        }
    };

    private static final Map<String, Shape> TRAFFIC_EXTENSIONS = Map.of(
            "http-request-ext", shape().req("request_method", STRING).req("request_value", STRING)
                    .opt("request_version", STRING).opt("request_header", dict(STRINGS))
                    .opt("message_body_length", INTEGER).opt("message_body_data_ref", ARTIFACT).build(),
            "icmp-ext", shape().req("icmp_type_hex", HEX).req("icmp_code_hex", HEX).build(),
            "socket-ext", shape()
                    .req("address_family", enumOf("AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS",
                            "AF_INET6", "AF_IRDA", "AF_BTH"))
                    .opt("is_blocking", BOOLEAN).opt("is_listening", BOOLEAN).opt("options", SOCKET_OPTIONS)
                    .opt("socket_type", enumOf("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"))
                    .opt("socket_descriptor", NON_NEGATIVE).opt("socket_handle", INTEGER).build(),
            "tcp-ext", shape().opt("src_flags_hex", HEX).opt("dst_flags_hex", HEX)
                    .rule(atLeastOne("src_flags_hex", "dst_flags_hex")).build());

    private static final Map<String, Shape> PROCESS_EXTENSIONS = Map.of(
            "windows-process-ext", shape().opt("aslr_enabled", BOOLEAN).opt("dep_enabled", BOOLEAN)
                    .opt("priority", STRING).opt("owner_sid", STRING).opt("window_title", STRING)
                    .opt("startup_info", DICT).opt("integrity_level", enumOf("low", "medium", "high", "system"))
                    .rule(atLeastOne("aslr_enabled", "dep_enabled", "priority", "owner_sid", "window_title",
                            "startup_info", "integrity_level")).build(),
            "windows-service-ext", shape().opt("service_name", STRING).opt("descriptions", STRINGS)
                    .opt("display_name", STRING).opt("group_name", STRING)
                    .opt("start_type", enumOf("SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START",
                            "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT"))
                    .opt("service_dll_refs", refs(only("file")))
                    .opt("service_type", enumOf("SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER",
                            "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"))
                    .opt("service_status", enumOf("SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED",
                            "SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOP_PENDING", "SERVICE_STOPPED"))
                    .rule(atLeastOne("service_name", "descriptions", "display_name", "group_name", "start_type",
                            "service_dll_refs", "service_type", "service_status")).build());

    private static final Map<String, Shape> ACCOUNT_EXTENSIONS = Map.of(
            "unix-account-ext", shape().opt("gid", INTEGER).opt("groups", STRINGS).opt("home_dir", STRING)
                    .opt("shell", STRING).rule(atLeastOne("gid", "groups", "home_dir", "shell")).build());

    // ---- value forms ----

    static boolean isCharset(String s) {
        if (s.isEmpty() || s.length() > 250) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/.+_:-()".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** "cpe:2.3:" and the remaining ten components (escaped colons not separating). */
    static boolean isCpe23(String s) {
        if (!s.startsWith("cpe:2.3:")) return false;
        int parts = 1;
        for (int i = 8; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                parts++;
            }
        }
        return parts == 11;
    }

    /** §6.17: hive names written out in full, e.g. HKEY_LOCAL_MACHINE, not HKLM. */
    static boolean isRegistryKey(String s) {
        int end = s.indexOf('\\');
        String hive = (end < 0 ? s : s.substring(0, end)).toUpperCase(java.util.Locale.ROOT);
        return !(hive.equals("HKLM") || hive.equals("HKCC") || hive.equals("HKCR") || hive.equals("HKCU") || hive.equals("HKU"));
    }
}

vcl 4.1;
# The benchmark's "front cache": Varnish in front of gunicorn. Readers without a session or a
# pending message share cached pages; the application purges a page (PURGE) or everything
# (BAN) when content changes, through wagtail.contrib.frontend_cache (FRONTEND_CACHE_URL).

backend default {
    .host = "127.0.0.1";
    .port = "BACKEND_PORT";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|documents)/") {
        return (pass);
    }
    # A session or a pending message means a page for this reader alone.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Every other cookie (the CSRF token's among them) changes nothing on a shareable page.
    unset req.http.Cookie;
    # Unprefixed URLs are always English; the language is in the path, not the header.
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_backend_response {
    # Pages that carry a reader's own form token are "private": never stored here.
    if (beresp.http.Cache-Control ~ "private|no-store|no-cache" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Stored gzipped, as a front cache is set up in production: sent as is to the clients
    # that accept it (all browsers), unzipped for the rest.
    if (beresp.http.Content-Type ~ "^(text/|application/(xml|rss\+xml|atom\+xml|json))") {
        set beresp.do_gzip = true;
    }
    # Vary: Cookie only reflects Django's session machinery; cookies were dropped above.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsub(beresp.http.Vary, "(?i)(,\s*)?Cookie", "");
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Front-Cache = "hit";
    } else {
        set resp.http.X-Front-Cache = "miss";
    }
}

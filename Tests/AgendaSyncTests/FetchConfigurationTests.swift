import AgendaConfig
import AgendaFetch
import AgendaSync
import Testing

/// `sync`, `run` and `demo` build their HTTP client from `[daemon]` through one initializer.
struct FetchConfigurationTests {
    @Test func everyDaemonFetchSettingReachesTheClient() throws {
        let configuration = try ConfigLoader.parse(text: """
            [daemon]
            database = "/tmp/a.sqlite"
            user_agent = "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)"
            max_page_bytes = 3145728
            max_connections_per_host = 3
            proxy = "socks5h://127.0.0.1:1080"

            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "https://democracy.leics.gov.uk/"
            """, path: "/etc/agenda-sync/a.toml")
        let fetch = FetchConfiguration(daemon: configuration.daemon)
        #expect(fetch.userAgent == "agenda-sync-tests/1.0 (+mailto:tests@example.invalid)")
        #expect(fetch.limits.maxBodyBytes == 3_145_728)
        #expect(fetch.maxConnectionsPerHost == 3)
        #expect(fetch.proxy == "socks5h://127.0.0.1:1080")
    }
}

import AgendaConfig
import Testing

@Suite("Which config file")
struct ConfigPathTests {
    @Test func explicitWinsOverEnvironmentAndDefault() {
        #expect(ConfigPath.resolve(explicit: "/tmp/a.toml", environment: ["AGENDA_SYNC_CONFIG": "/tmp/b.toml"]) == "/tmp/a.toml")
    }

    @Test func environmentWinsOverDefault() {
        #expect(ConfigPath.resolve(explicit: nil, environment: ["AGENDA_SYNC_CONFIG": "/tmp/b.toml"]) == "/tmp/b.toml")
    }

    @Test func defaultWhenNeitherIsGiven() {
        #expect(ConfigPath.resolve(explicit: nil, environment: [:]) == "/etc/agenda-sync/agenda-sync.toml")
        #expect(ConfigPath.resolve(explicit: nil, environment: ["OTHER": "x"]) == ConfigPath.defaultPath)
    }

    @Test func emptyValuesCountAsUnset() {
        #expect(ConfigPath.resolve(explicit: "", environment: ["AGENDA_SYNC_CONFIG": ""]) == ConfigPath.defaultPath)
        #expect(ConfigPath.resolve(explicit: "", environment: ["AGENDA_SYNC_CONFIG": "/tmp/b.toml"]) == "/tmp/b.toml")
    }
}

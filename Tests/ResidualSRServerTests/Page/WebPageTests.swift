import Foundation
import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// The page at `GET /` in a real headless Chromium against a live server with the shipped x2 model: pick
/// a sample, submit, wait for the job, then check what the page shows. The finished page is saved as
/// `out/page-screenshot.png` for people to look at.
@Suite(.serialized) struct WebPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("Samples/chelsea.png").path

    /// The shipped x2 model, as `rsr serve` offers it.
    static func modelEngine() throws -> LibraryEngine {
        let model = try ModelRegistry.load(nil, scale: 2)
        return LibraryEngine(model: ModelInfo(id: "rsr-residual", scales: [2], description: model.source)) { _ in model }
    }

    static func server(token: String? = nil) throws -> SuperResolutionServer {
        try TestServer.make(engine: modelEngine()) {
            $0.maxBodyBytes = 8 << 20
            $0.requestTimeout = .seconds(120)
            $0.bearerToken = token
        }
    }

    /// Resolves when `document.body.dataset.state` is one of `states`; the browser does the waiting.
    static func waitForState(_ states: [String]) -> String {
        let list = states.map { "'\($0)'" }.joined(separator: ",")
        return """
        new Promise((resolve) => {
          const done = () => [\(list)].includes(document.body.dataset.state);
          if (done()) return resolve(document.body.dataset.state);
          new MutationObserver((_, observer) => {
            if (done()) { observer.disconnect(); resolve(document.body.dataset.state); }
          }).observe(document.body, { attributes: true });
        })
        """
    }

    /// Runs the blocking browser session on its own thread, off Swift's small cooperative pool, which
    /// the live server needs.
    static func inBrowser<Value: Sendable>(_ body: @escaping @Sendable (HeadlessBrowser) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let browser = try HeadlessBrowser()
                    defer { browser.close() }
                    continuation.resume(returning: try body(browser))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    @Test func servesOneSelfContainedPage() async throws {
        try await TestServer.run(try Self.server(token: "s3cret")) { client in
            // Public even with a token: the page asks for it.
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
            let html = String(decoding: response.bytes, as: UTF8.self)
            #expect(html.contains("id=\"file\""))
            // Nothing from outside the server: no absolute URLs in src/href, no imports, no web fonts.
            for pattern in ["src=\"http", "href=\"http", "@import", "url(http", "//cdn", "@font-face"] {
                #expect(!html.contains(pattern), "the page references \(pattern)")
            }
            #expect(response.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        }
    }

    @Test func upscalesASampleAndShowsTheComparison() async throws {
        let server = try Self.server()
        try await TestServer.run(server) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/"
            let seen = try await Self.inBrowser { browser in
                try browser.open(url)
                try browser.setFile("#file", path: Self.sample)
                _ = try browser.evaluate("document.getElementById('go').click()")
                let state = try browser.string(Self.waitForState(["done", "error"]))
                let error = try browser.string("document.getElementById('error').textContent")
                var seen: [String: String] = ["state": state, "error": error]
                for (key, expression) in [
                    "afterWidth": "String(document.getElementById('after').naturalWidth)",
                    "afterHeight": "String(document.getElementById('after').naturalHeight)",
                    "beforeWidth": "String(document.getElementById('before').naturalWidth)",
                    "resultHidden": "String(document.getElementById('result').hidden)",
                    "download": "document.getElementById('download').download",
                    "downloadHref": "document.getElementById('download').href",
                    "message": "document.getElementById('message').textContent",
                    "picked": "document.getElementById('picked').textContent",
                    "unlabelled": "String([...document.querySelectorAll('input,select,button')].filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).length)",
                ] {
                    seen[key] = try browser.string(expression)
                }
                // The split slider moves the boundary between bicubic and ResidualSR.
                _ = try browser.evaluate("(() => { const s = document.getElementById('split'); s.value = 30; s.dispatchEvent(new Event('input')); })()")
                seen["split"] = try browser.string("document.getElementById('stage').style.getPropertyValue('--split')")
                try browser.screenshot(to: Self.root.appendingPathComponent("out/page-screenshot.png"))
                // The residual toggle swaps the right-hand image for the residual map, fetched on demand.
                let srSource = try browser.string("document.getElementById('after').src")
                _ = try browser.evaluate("document.getElementById('residual').click()")
                seen["residualState"] = try browser.string(Self.waitForState(["residual", "error"]))
                seen["residualChanged"] = String(try browser.string("document.getElementById('after').src") != srSource)
                seen["residualWidth"] = try browser.string("String(document.getElementById('after').naturalWidth)")
                seen["rightLabel"] = try browser.string("document.getElementById('rightLabel').textContent")
                seen["overlayHidden"] = try browser.string("String(document.getElementById('before').hidden)")
                return seen
            }
            #expect(seen["state"] == "done", "page error: \(seen["error"] ?? "")")
            #expect(seen["afterWidth"] == "902")
            #expect(seen["afterHeight"] == "600")
            #expect(seen["beforeWidth"] == "902")
            #expect(seen["resultHidden"] == "false")
            #expect(seen["download"] == "chelsea-x2.png")
            #expect(seen["downloadHref"]?.hasPrefix("blob:") == true)
            #expect(seen["message"]?.contains("902x600") == true)
            #expect(seen["picked"]?.contains("chelsea.png") == true)
            #expect(seen["unlabelled"] == "0")
            #expect(seen["split"] == "30%")
            #expect(seen["residualState"] == "residual")
            #expect(seen["residualChanged"] == "true")
            // The residual map is the upscaled size plus its colour bar.
            #expect(Int(seen["residualWidth"] ?? "") ?? 0 > 902)
            #expect(seen["overlayHidden"] == "true")
            #expect(seen["rightLabel"]?.hasPrefix("Residual map") == true)
        }
    }

    /// An exact width: both images come back at that size, the download is named for it, and the
    /// residual map (against bicubic resized to the same width) comes back at that width too.
    @Test func upscalesToAnExactWidth() async throws {
        try await TestServer.run(try Self.server()) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/"
            let seen = try await Self.inBrowser { browser in
                try browser.open(url)
                try browser.setFile("#file", path: Self.sample)
                _ = try browser.evaluate("document.getElementById('width').value = '700'")
                _ = try browser.evaluate("document.getElementById('go').click()")
                let state = try browser.string(Self.waitForState(["done", "error"]))
                var seen = ["state": state]
                for (key, expression) in [
                    "error": "document.getElementById('error').textContent",
                    "afterWidth": "String(document.getElementById('after').naturalWidth)",
                    "afterHeight": "String(document.getElementById('after').naturalHeight)",
                    "beforeWidth": "String(document.getElementById('before').naturalWidth)",
                    "download": "document.getElementById('download').download",
                    "residualDisabled": "String(document.getElementById('residual').disabled)",
                    "factors": "[...document.getElementById('scale').options].map(o => o.value).join(',')",
                ] {
                    seen[key] = try browser.string(expression)
                }
                _ = try browser.evaluate("document.getElementById('residual').click()")
                seen["residualState"] = try browser.string(Self.waitForState(["residual", "error"]))
                seen["residualError"] = try browser.string("document.getElementById('error').textContent")
                seen["residualWidth"] = try browser.string("String(document.getElementById('after').naturalWidth)")
                return seen
            }
            #expect(seen["state"] == "done", "page error: \(seen["error"] ?? "")")
            #expect(seen["afterWidth"] == "700" && seen["afterHeight"] == "466" && seen["beforeWidth"] == "700")
            #expect(seen["download"] == "chelsea-700w.png")
            #expect(seen["residualDisabled"] == "false")
            #expect(seen["residualState"] == "residual", "page error: \(seen["residualError"] ?? "")")
            // The map is the 700-pixel output plus its colour bar on the right.
            #expect(Int(seen["residualWidth"] ?? "") ?? 0 > 700)
            #expect(seen["factors"] == "1.5,2")
        }
    }

    @Test func explainsErrorsInPlainWords() async throws {
        let notAnImage = FileManager.default.temporaryDirectory.appendingPathComponent("rsr-page-\(UUID().uuidString).png")
        try Data("this is not an image".utf8).write(to: notAnImage)
        defer { try? FileManager.default.removeItem(at: notAnImage) }
        try await TestServer.run(try Self.server()) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/"
            let (empty, wrong, overflow) = try await Self.inBrowser { browser in
                // A phone-sized window: nothing may stick out sideways.
                try browser.open(url, width: 390, height: 844)
                let overflow = try browser.number("document.documentElement.scrollWidth")
                _ = try browser.evaluate("document.getElementById('go').click()")
                _ = try browser.string(Self.waitForState(["error"]))
                let empty = try browser.string("document.getElementById('error').textContent")
                try browser.setFile("#file", path: notAnImage.path)
                _ = try browser.evaluate("document.getElementById('go').click()")
                _ = try browser.string(Self.waitForState(["error"]))
                return (empty, try browser.string("document.getElementById('error').textContent"), overflow)
            }
            #expect(overflow <= 390)
            #expect(empty == "Choose or drop an image first.")
            #expect(wrong.hasPrefix("This file is not an image format the server can read."), "\(wrong)")
        }
    }

    @Test func asksForTheTokenAndUsesIt() async throws {
        try await TestServer.run(try Self.server(token: "s3cret")) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/"
            let (withoutToken, withToken) = try await Self.inBrowser { browser in
                try browser.open(url)
                try browser.setFile("#file", path: Self.sample)
                _ = try browser.evaluate("document.getElementById('go').click()")
                _ = try browser.string(Self.waitForState(["done", "error"]))
                let without = try browser.string("document.getElementById('error').textContent")
                _ = try browser.evaluate("""
                    (() => { const t = document.getElementById('token'); t.value = 's3cret';
                             t.dispatchEvent(new Event('change')); document.getElementById('go').click(); })()
                    """)
                return (without, try browser.string(Self.waitForState(["done", "error"])))
            }
            #expect(withoutToken.contains("access token"), "\(withoutToken)")
            #expect(withToken == "done")
        }
    }
}

//! The wire for a game day over the network: WebRTC data channels from `matchbox_socket`, natively
//! and in browsers, and (natively) the `matchbox_signaling` server that introduces the peers, run
//! by the facilitator. The server admits only the room's code; the facilitator is the first peer
//! in, and so the host every player talks to. Everything that travels is a [`super::protocol`]
//! message; this module only moves bytes.

use std::sync::{Arc, Mutex};

use matchbox_socket::{PeerId, PeerState, WebRtcSocket};

use super::authority::To;
use super::protocol::{FromHost, encode};

/// The port the facilitator's signaling server listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 3536;

#[cfg(not(target_arch = "wasm32"))]
pub use server::Signaling;

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use std::net::SocketAddr;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use matchbox_signaling::SignalingServer;

    /// The facilitator's signaling server, running on a runtime of its own until it is dropped
    /// (the room closes) or the program ends. The first peer in is the one every other talks
    /// to, so the server admits players only after the facilitator's own link, which comes in by
    /// a path of its own that nobody else knows.
    pub struct Signaling {
        addr: SocketAddr,
        facilitator_path: String,
        runtime: Option<tokio::runtime::Runtime>,
    }

    impl Signaling {
        /// Starts a server on `addr` for the room `code`; `secret` makes the facilitator's path.
        // The admission callback's type is the signaling library's, large error and all.
        #[allow(clippy::result_large_err)]
        pub fn start(addr: SocketAddr, code: &str, secret: &str) -> Result<Signaling, String> {
            let room = code.to_owned();
            let facilitator_path = format!("{code}-{secret}");
            let theirs = facilitator_path.clone();
            let facilitator_in = Arc::new(AtomicBool::new(false));
            let mut server = SignalingServer::client_server_builder(addr)
                .on_connection_request(move |meta| {
                    let path = meta.path.unwrap_or_default();
                    let path = path.trim_matches('/');
                    if path == theirs {
                        // Once: a second connection on the facilitator's path is an impostor.
                        return Ok(!facilitator_in.swap(true, Ordering::SeqCst));
                    }
                    Ok(path == room && facilitator_in.load(Ordering::SeqCst))
                })
                .build();
            let addr = server
                .bind()
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the signaling server: {e}"))?;
            runtime.spawn(async move {
                let _ = server.serve().await;
            });
            Ok(Signaling {
                addr,
                facilitator_path,
                runtime: Some(runtime),
            })
        }

        /// Where it listens.
        pub fn addr(&self) -> SocketAddr {
            self.addr
        }

        /// Where the facilitator's own link connects, on this computer.
        pub fn facilitator_url(&self) -> String {
            format!(
                "ws://127.0.0.1:{}/{}",
                self.addr.port(),
                self.facilitator_path
            )
        }
    }

    impl Drop for Signaling {
        fn drop(&mut self) {
            // Without waiting: the game's frame must not stall on the server's last connections.
            if let Some(runtime) = self.runtime.take() {
                runtime.shutdown_background();
            }
        }
    }
}

/// Something that happened on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A peer connected.
    Joined(String),
    /// A peer went away.
    Left(String),
    /// A message from a peer.
    Message(String, Vec<u8>),
}

/// One end of the wire: a WebRTC socket with one reliable, ordered channel.
pub struct Link {
    socket: WebRtcSocket,
    /// Set when the socket's message loop ends: why, in words for people.
    ended: Arc<Mutex<Option<String>>>,
}

impl Link {
    /// Opens a link to a room: `ws://HOST:PORT/CODE`. The socket's message loop runs beside the
    /// caller (a thread natively, the page's event loop in a browser); the caller polls.
    pub fn open(room_url: &str) -> Link {
        let (socket, message_loop) = WebRtcSocket::new_reliable(room_url);
        let ended = Arc::new(Mutex::new(None));
        let note = ended.clone();
        let run = async move {
            let why = match message_loop.await {
                Ok(()) => "the room closed".to_owned(),
                Err(e) => format!("cannot reach the room: {e}"),
            };
            if let Ok(mut slot) = note.lock() {
                *slot = Some(why);
            }
        };
        #[cfg(not(target_arch = "wasm32"))]
        std::thread::spawn(move || futures_lite::future::block_on(run));
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_futures::spawn_local(run);
        Link { socket, ended }
    }

    /// Whether the signaling server has taken this link in (it has been given an id): for the
    /// facilitator's link, the moment the room can be handed out.
    pub fn registered(&mut self) -> bool {
        self.socket.id().is_some()
    }

    /// Why the link ended for good (a wrong address, a room that closed), if it has: nobody
    /// will be heard on it again.
    pub fn ended(&self) -> Option<String> {
        self.ended.lock().ok().and_then(|s| s.clone())
    }

    /// What happened since the last poll: peers coming and going, then messages in order.
    pub fn poll(&mut self) -> Vec<Heard> {
        let mut out: Vec<Heard> = match self.socket.try_update_peers() {
            Ok(changes) => changes
                .into_iter()
                .map(|(peer, state)| match state {
                    PeerState::Connected => Heard::Joined(peer.to_string()),
                    PeerState::Disconnected => Heard::Left(peer.to_string()),
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        if let Ok(channel) = self.socket.get_channel_mut(0) {
            out.extend(
                channel
                    .receive()
                    .into_iter()
                    .map(|(peer, bytes)| Heard::Message(peer.to_string(), bytes.to_vec())),
            );
        }
        out
    }

    /// Sends a message to a peer (by the name [`Heard`] gave it); unknown peers are skipped.
    pub fn send(&mut self, peer: &str, bytes: Vec<u8>) {
        let Some(id) = self
            .socket
            .connected_peers()
            .find(|p| p.to_string() == peer)
        else {
            return;
        };
        if let Ok(channel) = self.socket.get_channel_mut(0) {
            let _ = channel.try_send(bytes.into(), id);
        }
    }

    /// Sends what the facilitator's authority answered, each message where it goes.
    pub fn post(&mut self, out: Vec<(To, FromHost)>) {
        for (to, m) in out {
            let bytes = encode(&m);
            match to {
                To::One(peer) => self.send(&peer, bytes),
                To::All => self.send_all(&bytes),
            }
        }
    }

    /// Sends a message to every connected peer.
    pub fn send_all(&mut self, bytes: &[u8]) {
        let peers: Vec<PeerId> = self.socket.connected_peers().collect();
        if let Ok(channel) = self.socket.get_channel_mut(0) {
            for id in peers {
                let _ = channel.try_send(bytes.to_vec().into(), id);
            }
        }
    }

    /// The connected peers, by name.
    pub fn peers(&self) -> Vec<String> {
        self.socket
            .connected_peers()
            .map(|p| p.to_string())
            .collect()
    }
}

/// How long the command-line host and players sleep between polls.
#[cfg(not(target_arch = "wasm32"))]
pub const POLL: std::time::Duration = std::time::Duration::from_millis(5);

// The part of dns2 (no bundled types) the probe tests use to run a DNS server on loopback.
declare module 'dns2' {
  interface Question {
    name: string;
    type: number;
  }
  interface Resource {
    name: string;
    type: number;
    class: number;
    ttl: number;
    address?: string;
  }
  interface DnsPacket {
    header: { rcode: number };
    questions: Question[];
    answers: Resource[];
  }
  type Send = (response: DnsPacket) => Promise<unknown>;
  interface UdpServer {
    listen(port: number, address: string): Promise<void>;
    address(): { port: number };
    close(callback?: () => void): void;
  }
  const dns2: {
    Packet: {
      TYPE: { A: number; AAAA: number };
      CLASS: { IN: number };
      createResponseFromRequest(request: DnsPacket): DnsPacket;
    };
    createUDPServer(handle: (request: DnsPacket, send: Send) => void): UdpServer;
  };
  export default dns2;
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>UiText</name>
    <message>
        <source>Price</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>Performance</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>Meilenstein</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigener</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed, will retry</source>
        <translation>fehlgeschlagen, wird wiederholt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>open (paused)</source>
        <translation>offen (pausiert)</translation>
    </message>
    <message>
        <source>probing</source>
        <translation>wird getestet</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>no channel</source>
        <translation>kein Kanal</translation>
    </message>
    <message>
        <source>%1/%2 delivered</source>
        <translation>%1/%2 zugestellt</translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n fehlgeschlagen</numerusform>
            <numerusform>, %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n cancelled</source>
        <translation>
            <numerusform>, %n abgebrochen</numerusform>
            <numerusform>, %n abgebrochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n pending</source>
        <translation>
            <numerusform>, %n ausstehend</numerusform>
            <numerusform>, %n ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source> · %1 cancelled</source>
        <translation> · %1 abgebrochen</translation>
    </message>
    <message>
        <source> · %1 pending</source>
        <translation> · %1 ausstehend</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertDetailsPane</name>
    <message>
        <source>Select an alert to see its fields, its data and every delivery attempt.</source>
        <translation>Wählen Sie einen Alarm, um seine Felder, seine Daten und jeden Zustellversuch zu sehen.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Dedup key</source>
        <translation>Dedup-Schlüssel</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Alert data</source>
        <translation>Alarmdaten</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Channel / attempt</source>
        <translation>Kanal / Versuch</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation>Zustellversuche</translation>
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n Feld}</numerusform>
            <numerusform>{%n Felder}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n Element]</numerusform>
            <numerusform>[%n Elemente]</numerusform>
        </translation>
    </message>
    <message>
        <source>every enabled channel</source>
        <translation>jeder aktive Kanal</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(keine Daten)</translation>
    </message>
    <message>
        <source>(no delivery: no channel was targeted)</source>
        <translation>(keine Zustellung: kein Kanal war Ziel)</translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n attempt(s)</source>
        <translation>
            <numerusform>%1 nach %n Versuch</numerusform>
            <numerusform>%1 nach %n Versuchen</numerusform>
        </translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <source>%1 · HTTP %2</source>
        <translation>%1 · HTTP %2</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsPage</name>
    <message>
        <source>&lt;h3&gt;No alerts yet&lt;/h3&gt;&lt;p&gt;Alerts from your bots, from &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; or from the Compose page appear here the moment they arrive.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Alarme&lt;/h3&gt;&lt;p&gt;Alarme Ihrer Bots, von &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; oder von der Seite Verfassen erscheinen hier, sobald sie eintreffen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
</context>
<context>
    <name>alertdesk::AppriseUrlDialog</name>
    <message>
        <source>Add a channel from an Apprise URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the URL you use with Apprise, for example tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, jsons://host/path or pagerduty://KEY. Schemes AlertDesk reads: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheme://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;how the URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the kind&apos;s name (telegram, discord, …) by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Its tokens and passwords go to the system keychain, never to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelDialog</name>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, one per line, e.g.
Authorization: Bearer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: signs each request (X-AlertDesk-Signature)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the platform&apos;s documented limit by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Burst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: messages allowed at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://… (several: separate them with spaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…  (the Workflows webhook of the Teams channel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>xoxb-… (instead of webhook URLs, with channel IDs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>123456789:AA… from @BotFather</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a bot token, one per line, e.g. C0123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a self-hosted or test server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line: -1001234567890 or @channelname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account SID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AC followed by 32 hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auth token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+15551234567, or a sender name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alerts@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One number per line: +15557654321</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One address per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 1 to 10 SMS per alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>32 letters and digits (Events API v2 integration key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what PagerDuty shows as the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 465 with TLS, 587 with STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account to log in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OAuth token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instead of a password (XOAUTH2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; with a secret it also signs the body (HMAC-SHA256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming webhook URLs (Slack, Mattermost, Rocket.Chat), or a bot token with the IDs of the channels to post to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One or more Discord webhook URLs (Server settings › Integrations › Webhooks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bot token from @BotFather and the chats the bot posts to (add the bot to them first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text messages through Twilio: your account SID and auth token, the sender and the recipients&apos; numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail through your SMTP server, over TLS (465) or STARTTLS (587); a password never travels in clear text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Microsoft Teams Workflows webhook: AlertDesk posts an Adaptive Card to its channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PagerDuty Events API v2: alerts trigger incidents; acknowledging or resolving here does the same there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A notification from AlertDesk&apos;s icon in the system tray of this computer. Needs no account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (number %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the kind of channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;_&apos;, &apos;.&apos; and &apos;-&apos; (at most 64), and must start with a letter or a digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain http:// sends your alerts unencrypted (%1); use https:// if the receiver offers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stored in the keychain (%n values): leave empty to keep them</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Stored in the keychain: leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. trading-desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Deliver alerts to this channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields shown as dots, and every URL and header, are stored in the system keychain, never on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to fill in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the stored secrets from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored secrets could not be read (%1): enter them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsModel</name>
    <message>
        <source>enabled</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>Schalter</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsPage</name>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No channel yet&lt;/h3&gt;&lt;p&gt;A channel is a place your alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop. Add one, or bring your existing configuration (a .env file or an Apprise URL), then press &lt;b&gt;Send test&lt;/b&gt; to check it answers.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import .env…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from Apprise URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a channel of any kind (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected channel&apos;s settings and secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a test message to the selected channel now (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import .env…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels and settings from a .env file, as alertdesk-cli import-env reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from Apprise &amp;URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel from an Apprise URL (tgram://, discord://, slack://, mailto://, json://…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the channels&apos; health again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the channel %1 and its secrets from the keychain? Its deliveries that are still open fail; the history keeps what was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel not removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added the channel %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Apprise URL became the channel %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>.env files (.env *.env);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything usable in the file was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported, but some of the file was rejected: see why below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import failed: see why below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from .env</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not tested in this session. Press Send test (Ctrl+T).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Delivered in %1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none besides the secrets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 delivered, %2 failed, %3 retried · last delivery %4 · latency p50 %5, p95 %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ComposePage</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>e.g. BTC above 70,000</source>
        <translation>z. B. BTC über 70.000</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Optional, e.g. BTCUSDT</source>
        <translation>Optional, z. B. BTCUSDT</translation>
    </message>
    <message>
        <source>S&amp;ymbol:</source>
        <translation>S&amp;ymbol:</translation>
    </message>
    <message>
        <source>Optional: what happened and what to do</source>
        <translation>Optional: was geschah und was zu tun ist</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>&amp;Data (JSON):</source>
        <translation>&amp;Daten (JSON):</translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation>Keiner angekreuzt: jeder aktive Kanal.</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>Compose status</source>
        <translation>Status des Verfassens</translation>
    </message>
    <message>
        <source>Show in &amp;history</source>
        <translation>Im &amp;Verlauf zeigen</translation>
    </message>
    <message>
        <source>&amp;Send alert</source>
        <translation>Alarm &amp;senden</translation>
    </message>
    <message>
        <source>Send the alert now (Ctrl+Return)</source>
        <translation>Den Alarm jetzt senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Preview: what a webhook receives</source>
        <translation>Vorschau: was ein Webhook erhält</translation>
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation>%1 (deaktiviert)</translation>
    </message>
    <message>
        <source>Data is not valid JSON: %1 (at character %2).</source>
        <translation>Die Daten sind kein gültiges JSON: %1 (bei Zeichen %2).</translation>
    </message>
    <message>
        <source>Data must be a JSON object, like {&quot;price&quot;: 70123.5}.</source>
        <translation>Die Daten müssen ein JSON-Objekt sein, etwa {&quot;price&quot;: 70123.5}.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Geben Sie einen Titel ein.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>(the preview appears once the alert is valid)</source>
        <translation>(die Vorschau erscheint, sobald der Alarm gültig ist)</translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation>Bereit zum Senden.</translation>
    </message>
    <message>
        <source>The profile is not open: nothing can be sent.</source>
        <translation>Das Profil ist nicht geöffnet: Es kann nichts gesendet werden.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Alert accepted and queued for delivery (id %1).</source>
        <translation>Alarm angenommen und zur Zustellung eingereiht (ID %1).</translation>
    </message>
    <message>
        <source>Alert stored; the running AlertDesk (pid %1) delivers it (id %2).</source>
        <translation>Alarm gespeichert; das laufende AlertDesk (PID %1) stellt ihn zu (ID %2).</translation>
    </message>
</context>
<context>
    <name>alertdesk::EngineHost</name>
    <message>
        <source>There is no channel named %1.</source>
        <translation>Es gibt keinen Kanal namens %1.</translation>
    </message>
    <message>
        <source>its %1 is missing from the keychain</source>
        <translation>sein %1 fehlt im Schlüsselbund</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>ingest.port: port %1 on 127.0.0.1 is in use by another program (%2)</source>
        <translation>ingest.port: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt (%2)</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; regenerate the token there</source>
        <translation>ein anderes AlertDesk betreibt dieses Profil; erzeugen Sie den Token dort neu</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its policies there</source>
        <translation>ein anderes AlertDesk betreibt dieses Profil; ändern Sie seine Richtlinien dort</translation>
    </message>
</context>
<context>
    <name>alertdesk::EscalationEditor</name>
    <message>
        <source>Escalation policies</source>
        <translation>Eskalationsrichtlinien</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>e.g. risk-desk</source>
        <translation>z. B. risiko-desk</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Priorities:</source>
        <translation>Prioritäten:</translation>
    </message>
    <message>
        <source>None ticked: every type, every priority. The first policy that fits an alert is its policy.</source>
        <translation>Keine angekreuzt: jeder Typ, jede Priorität. Die erste Richtlinie, die zu einem Alarm passt, ist seine Richtlinie.</translation>
    </message>
    <message>
        <source>After (minutes)</source>
        <translation>Nach (Minuten)</translation>
    </message>
    <message>
        <source>Channels (comma separated)</source>
        <translation>Kanäle (durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Add t&amp;ier</source>
        <translation>&amp;Stufe hinzufügen</translation>
    </message>
    <message>
        <source>Remove tie&amp;r</source>
        <translation>Stufe entfe&amp;rnen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation>keine Erinnerungen</translation>
    </message>
    <message>
        <source>&amp;up to</source>
        <translation>&amp;bis zu</translation>
    </message>
    <message>
        <source>times</source>
        <translation>mal</translation>
    </message>
    <message>
        <source>Re&amp;peat every:</source>
        <translation>&amp;Wiederholen alle:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>escalation-%1</source>
        <translation>eskalation-%1</translation>
    </message>
    <message>
        <source>No channel configured yet.</source>
        <translation>Noch kein Kanal eingerichtet.</translation>
    </message>
    <message>
        <source>Channels: %1</source>
        <translation>Kanäle: %1</translation>
    </message>
    <message>
        <source>Note: there is no channel named %1; that tier would skip it.</source>
        <translation>Hinweis: Es gibt keinen Kanal namens %1; diese Stufe würde ihn überspringen.</translation>
    </message>
    <message>
        <source>Ti&amp;ers:</source>
        <translation>Stu&amp;fen:</translation>
    </message>
    <message>
        <source>Alert types:</source>
        <translation>Alarmtypen:</translation>
    </message>
</context>
<context>
    <name>alertdesk::MainWindow</name>
    <message>
        <source>AlertDesk — %1</source>
        <translation>AlertDesk — %1</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>%1 alerts · %2 open</source>
        <translation>%1 Alarme · %2 offen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Add &amp;channel…</source>
        <translation>&amp;Kanal hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Compose alert</source>
        <translation>Alarm &amp;verfassen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Akt&amp;ualisieren</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About AlertDesk</source>
        <translation>Ü&amp;ber AlertDesk</translation>
    </message>
    <message>
        <source>About AlertDesk</source>
        <translation>Über AlertDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Routes trading alerts to your channels, retries what fails and keeps every alert and delivery attempt.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Leitet Trading-Alarme an Ihre Kanäle weiter, wiederholt Fehlgeschlagenes und bewahrt jeden Alarm und jeden Zustellversuch auf.&lt;/p&gt;&lt;p&gt;Profil: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>AlertDesk keeps running</source>
        <translation>AlertDesk läuft weiter</translation>
    </message>
    <message>
        <source>Alerts are still delivered. Click the tray icon to open the window; Quit is in its menu.</source>
        <translation>Alarme werden weiter zugestellt. Klicken Sie auf das Symbol im Infobereich, um das Fenster zu öffnen; Beenden finden Sie in seinem Menü.</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>AlertDesk — %1 (read-only)</source>
        <translation>AlertDesk — %1 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Another AlertDesk (process %1) is delivering this profile&apos;s alerts, so this window is read-only: it shows the history live and hands alerts you compose to that instance, but channels and settings can only be changed there.</source>
        <translation>Ein anderes AlertDesk (Prozess %1) stellt die Alarme dieses Profils zu, daher ist dieses Fenster schreibgeschützt: Es zeigt den Verlauf live und übergibt von Ihnen verfasste Alarme an diese Instanz, aber Kanäle und Einstellungen lassen sich nur dort ändern.</translation>
    </message>
    <message>
        <source>AlertDesk could not open the profile %1: %2</source>
        <translation>AlertDesk konnte das Profil %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Profil wird geöffnet…</translation>
    </message>
    <message>
        <source>Profile not opened</source>
        <translation>Profil nicht geöffnet</translation>
    </message>
    <message>
        <source>Read-only: process %1 delivers</source>
        <translation>Schreibgeschützt: Prozess %1 stellt zu</translation>
    </message>
    <message>
        <source>No channel configured</source>
        <translation>Kein Kanal eingerichtet</translation>
    </message>
    <message>
        <source>Every channel is disabled: alerts are stored, not delivered</source>
        <translation>Alle Kanäle sind deaktiviert: Alarme werden gespeichert, nicht zugestellt</translation>
    </message>
    <message numerus="yes">
        <source>Delivering to %n enabled channel(s)</source>
        <translation>
            <numerusform>Stellt an %n aktiven Kanal zu</numerusform>
            <numerusform>Stellt an %n aktive Kanäle zu</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation>Stellt zu</translation>
    </message>
    <message numerus="yes">
        <source> · %n channel(s) could not be loaded</source>
        <translation>
            <numerusform> · %n Kanal konnte nicht geladen werden</numerusform>
            <numerusform> · %n Kanäle konnten nicht geladen werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Ingest API: %1:%2</source>
        <translation>Ingest-API: %1:%2</translation>
    </message>
    <message>
        <source>Ingest API off</source>
        <translation>Ingest-API aus</translation>
    </message>
    <message>
        <source>Scripts post alerts to http://%1:%2/v1/alerts</source>
        <translation>Skripte senden Alarme an http://%1:%2/v1/alerts</translation>
    </message>
    <message>
        <source>The ingest API is off: port %1 on 127.0.0.1 is in use by another program, so scripts cannot post alerts to this window. Alerts are still delivered. Choose another port in Settings › Ingest API.</source>
        <translation>Die Ingest-API ist aus: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt, daher können Skripte keine Alarme an dieses Fenster senden. Alarme werden weiter zugestellt. Wählen Sie unter Einstellungen › Ingest-API einen anderen Port.</translation>
    </message>
    <message>
        <source>The ingest API is off: %1</source>
        <translation>Die Ingest-API ist aus: %1</translation>
    </message>
    <message>
        <source>AlertDesk: routes trading alerts to your channels.</source>
        <translation>AlertDesk: leitet Trading-Alarme an Ihre Kanäle weiter.</translation>
    </message>
    <message>
        <source>Open the profile in DIR (default: %1).</source>
        <translation>Das Profil in VERZ öffnen (Standard: %1).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
    <message>
        <source>Start on PAGE: alerts, channels, compose or settings (settings/SECTION: delivery, window, ingest, quiet-hours, escalation).</source>
        <translation>Auf SEITE starten: alerts, channels, compose oder settings (settings/BEREICH: delivery, window, ingest, quiet-hours, escalation).</translation>
    </message>
    <message>
        <source>PAGE</source>
        <translation>SEITE</translation>
    </message>
    <message>
        <source>Window size WIDTHxHEIGHT (default: 1280x800).</source>
        <translation>Fenstergröße BREITExHÖHE (Standard: 1280x800).</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>GRÖSSE</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE (PNG) once it has loaded, then quit.</source>
        <translation>Ein Bild des Fensters nach dem Laden in DATEI (PNG) speichern, dann beenden.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
</context>
<context>
    <name>alertdesk::QuietHoursEditor</name>
    <message>
        <source>Quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>e.g. nights</source>
        <translation>z. B. nachts</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. 22:00-07:00, 12:00-13:00 (empty: the whole day)</source>
        <translation>z. B. 22:00-07:00, 12:00-13:00 (leer: der ganze Tag)</translation>
    </message>
    <message>
        <source>&amp;Times:</source>
        <translation>&amp;Zeiten:</translation>
    </message>
    <message>
        <source>Weekdays:</source>
        <translation>Wochentage:</translation>
    </message>
    <message>
        <source>None ticked: every day of the week.</source>
        <translation>Keiner angekreuzt: jeder Wochentag.</translation>
    </message>
    <message>
        <source>e.g. 1:7, -1 (the last day); empty: every day</source>
        <translation>z. B. 1:7, -1 (der letzte Tag); leer: jeder Tag</translation>
    </message>
    <message>
        <source>e.g. december, january:march; empty: every month</source>
        <translation>z. B. december, january:march; leer: jeder Monat</translation>
    </message>
    <message>
        <source>M&amp;onths:</source>
        <translation>M&amp;onate:</translation>
    </message>
    <message>
        <source>This computer&apos;s time zone</source>
        <translation>Zeitzone dieses Computers</translation>
    </message>
    <message>
        <source>Type part of a name to search, e.g. Berlin or New_York.</source>
        <translation>Tippen Sie einen Teil des Namens zum Suchen, z. B. Berlin oder New_York.</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>Ze&amp;itzone:</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>None ticked: every channel.</source>
        <translation>Keiner angekreuzt: jeder Kanal.</translation>
    </message>
    <message>
        <source>CRITICAL alerts break through</source>
        <translation>CRITICAL-Alarme kommen durch</translation>
    </message>
    <message>
        <source>Sent as one digest when the quiet hours end</source>
        <translation>Als eine Zusammenfassung gesendet, wenn die Ruhezeit endet</translation>
    </message>
    <message>
        <source>Kept in the history only</source>
        <translation>Nur im Verlauf aufbewahrt</translation>
    </message>
    <message>
        <source>&amp;Held alerts:</source>
        <translation>Zurückgehaltene &amp;Alarme:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>quiet-%1</source>
        <translation>ruhe-%1</translation>
    </message>
    <message>
        <source>Da&amp;ys of the month:</source>
        <translation>&amp;Monatstage:</translation>
    </message>
</context>
<context>
    <name>alertdesk::SettingsPage</name>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Attempts after the first one before a delivery fails.</source>
        <translation>Versuche nach dem ersten, bevor eine Zustellung fehlschlägt.</translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation>Erste Wiederholung nach</translation>
    </message>
    <message>
        <source>Base delay; each further retry waits twice as long.</source>
        <translation>Grundwartezeit; jede weitere Wiederholung wartet doppelt so lange.</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Längste Wartezeit</translation>
    </message>
    <message>
        <source>No single retry waits longer than this.</source>
        <translation>Keine einzelne Wiederholung wartet länger.</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Streuung</translation>
    </message>
    <message>
        <source>Random ± fraction of each wait, so retries do not arrive in step.</source>
        <translation>Zufälliger ±-Anteil jeder Wartezeit, damit Wiederholungen nicht im Gleichschritt kommen.</translation>
    </message>
    <message>
        <source>Parallel delivery</source>
        <translation>Parallele Zustellung</translation>
    </message>
    <message>
        <source>Send to all of an alert&apos;s channels at once; off: one after another.</source>
        <translation>An alle Kanäle eines Alarms gleichzeitig senden; aus: nacheinander.</translation>
    </message>
    <message>
        <source>Fail fast</source>
        <translation>Schnell abbrechen</translation>
    </message>
    <message>
        <source>Stop an alert&apos;s other deliveries at its first failure.</source>
        <translation>Die übrigen Zustellungen eines Alarms beim ersten Fehler stoppen.</translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation>Zeitlimit je Anfrage</translation>
    </message>
    <message>
        <source>Time limit of one HTTP attempt.</source>
        <translation>Zeitlimit eines HTTP-Versuchs.</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Gleichzeitigkeit</translation>
    </message>
    <message>
        <source>Deliveries in flight per channel.</source>
        <translation>Gleichzeitig laufende Zustellungen je Kanal.</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>Consecutive failures that pause a channel.</source>
        <translation>Aufeinanderfolgende Fehler, die einen Kanal pausieren.</translation>
    </message>
    <message>
        <source>Pause before a probe</source>
        <translation>Pause vor einem Test</translation>
    </message>
    <message>
        <source>How long a paused channel waits before AlertDesk tries it again.</source>
        <translation>Wie lange ein pausierter Kanal wartet, bevor AlertDesk ihn erneut versucht.</translation>
    </message>
    <message>
        <source>Notify me of</source>
        <translation>Benachrichtigen bei</translation>
    </message>
    <message>
        <source>New alerts of this priority or more urgent pop up from the tray.</source>
        <translation>Neue Alarme dieser oder höherer Dringlichkeit erscheinen im Infobereich.</translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation>In den Infobereich schließen</translation>
    </message>
    <message>
        <source>Closing the window keeps AlertDesk delivering from the system tray.</source>
        <translation>Nach dem Schließen des Fensters stellt AlertDesk aus dem Infobereich weiter zu.</translation>
    </message>
    <message>
        <source>Start minimized</source>
        <translation>Minimiert starten</translation>
    </message>
    <message>
        <source>Start with the window hidden in the tray.</source>
        <translation>Mit im Infobereich verstecktem Fenster starten.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Takes effect the next time AlertDesk starts.</source>
        <translation>Wirkt beim nächsten Start von AlertDesk.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1; Apply moves the API there at once.</source>
        <translation>TCP-Port auf 127.0.0.1; Übernehmen verlegt die API sofort dorthin.</translation>
    </message>
    <message>
        <source>Body limit</source>
        <translation>Größte Anfrage</translation>
    </message>
    <message>
        <source>Largest request body accepted; a larger one gets 413.</source>
        <translation>Größter angenommener Anfrageinhalt; ein größerer erhält 413.</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>Window and notifications</source>
        <translation>Fenster und Benachrichtigungen</translation>
    </message>
    <message>
        <source>Ingest API</source>
        <translation>Ingest-API</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Systemsprache (%1)</translation>
    </message>
    <message>
        <source>No notifications</source>
        <translation>Keine Benachrichtigungen</translation>
    </message>
    <message>
        <source>Every alert (%1 and more urgent)</source>
        <translation>Jeder Alarm (%1 und dringender)</translation>
    </message>
    <message>
        <source>%1 alerts only</source>
        <translation>Nur %1-Alarme</translation>
    </message>
    <message>
        <source>%1 and more urgent</source>
        <translation>%1 und dringender</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Bereiche der Einstellungen</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> Bytes</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits AlertDesk, and “Start minimized” starts it minimized instead of hidden.</source>
        <translation>Dieser Desktop hat keinen Infobereich: Das Schließen des Fensters beendet AlertDesk, und „Minimiert starten“ startet es minimiert statt versteckt.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>&amp;Copy token</source>
        <translation>Token &amp;kopieren</translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation>&amp;Neu erzeugen…</translation>
    </message>
    <message>
        <source>Scripts send it as “Authorization: Bearer TOKEN”; alertdesk-cli on this computer finds the API and its token by itself.</source>
        <translation>Skripte senden ihn als „Authorization: Bearer TOKEN“; alertdesk-cli auf diesem Computer findet die API und ihren Token selbst.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>While quiet hours hold, notifications wait and go out when they end (as one digest), or are only kept in the history. Times are in the time zone chosen.</source>
        <translation>Während Ruhezeiten warten Benachrichtigungen und gehen an deren Ende hinaus (als eine Zusammenfassung) oder werden nur im Verlauf aufbewahrt. Zeiten gelten in der gewählten Zeitzone.</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalation</translation>
    </message>
    <message>
        <source>While nobody acknowledges, snoozes or resolves an alert, its policy notifies each tier&apos;s channels when the tier&apos;s time has come, then repeats reminders.</source>
        <translation>Solange niemand einen Alarm bestätigt, zurückstellt oder erledigt, benachrichtigt seine Richtlinie die Kanäle jeder Stufe, sobald deren Zeit gekommen ist, und wiederholt dann Erinnerungen.</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>%1 (not served)</source>
        <translation>%1 (nicht bereitgestellt)</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Profil wird geöffnet…</translation>
    </message>
    <message>
        <source>Served by the AlertDesk that drives this profile (process %1).</source>
        <translation>Bereitgestellt von dem AlertDesk, das dieses Profil betreibt (Prozess %1).</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>✔ Serving on port %1 of this computer only.</source>
        <translation>✔ Bereit auf Port %1, nur für diesen Computer.</translation>
    </message>
    <message>
        <source>✘ Not serving: port %1 on 127.0.0.1 is in use by another program. Choose another port and Apply.</source>
        <translation>✘ Nicht bereit: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt. Wählen Sie einen anderen Port und übernehmen Sie.</translation>
    </message>
    <message>
        <source>✘ Not serving: %1</source>
        <translation>✘ Nicht bereit: %1</translation>
    </message>
    <message>
        <source>The token cannot be read: %1</source>
        <translation>Der Token kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Token copied to the clipboard.</source>
        <translation>Token in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Regenerate the token?</source>
        <translation>Token neu erzeugen?</translation>
    </message>
    <message>
        <source>A new token replaces the current one at once: scripts that use the current token are refused until they get the new one.</source>
        <translation>Ein neuer Token ersetzt den aktuellen sofort: Skripte mit dem aktuellen Token werden abgewiesen, bis sie den neuen erhalten.</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Neu erzeugen</translation>
    </message>
    <message>
        <source>New token in use: the old one is refused from now on. Copy it to your scripts.</source>
        <translation>Neuer Token aktiv: Der alte wird ab jetzt abgewiesen. Kopieren Sie ihn in Ihre Skripte.</translation>
    </message>
    <message>
        <source>The token was not changed: %1</source>
        <translation>Der Token wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Read-only: the AlertDesk that drives this profile owns its settings.</source>
        <translation>Schreibgeschützt: Die Einstellungen gehören dem AlertDesk, das dieses Profil betreibt.</translation>
    </message>
    <message>
        <source>Changed: Apply stores the settings; new deliveries use them at once.</source>
        <translation>Geändert: Übernehmen speichert die Einstellungen; neue Zustellungen verwenden sie sofort.</translation>
    </message>
    <message>
        <source>Fix this before applying:</source>
        <translation>Vor dem Übernehmen beheben:</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Übernommen.</translation>
    </message>
    <message>
        <source>Quiet hours and escalation not applied: %1</source>
        <translation>Ruhezeiten und Eskalation nicht übernommen: %1</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayIcon</name>
    <message>
        <source>&amp;Show AlertDesk</source>
        <translation>AlertDesk &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit AlertDesk</source>
        <translation>AlertDesk &amp;beenden</translation>
    </message>
    <message>
        <source>AlertDesk — no open alert</source>
        <translation>AlertDesk — kein offener Alarm</translation>
    </message>
    <message numerus="yes">
        <source>AlertDesk — %n open alert(s)</source>
        <translation>
            <numerusform>AlertDesk — %n offener Alarm</numerusform>
            <numerusform>AlertDesk — %n offene Alarme</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayNotifier</name>
    <message>
        <source>this desktop has no system tray, so AlertDesk cannot show notifications here</source>
        <translation>dieser Desktop hat keinen Infobereich, daher kann AlertDesk hier keine Benachrichtigungen zeigen</translation>
    </message>
    <message>
        <source>the AlertDesk window has no icon in the system tray (yet)</source>
        <translation>das AlertDesk-Fenster hat (noch) kein Symbol im Infobereich</translation>
    </message>
</context>
<context>
    <name>alertdesk::WelcomePanel</name>
    <message>
        <source>Welcome to AlertDesk</source>
        <translation>Willkommen bei AlertDesk</translation>
    </message>
    <message>
        <source>AlertDesk routes the alerts of your trading bots, price feeds and rules to the places you watch, retries what fails and keeps every alert and delivery here. This profile has no channel yet: three steps get you going.</source>
        <translation>AlertDesk leitet die Alarme Ihrer Trading-Bots, Kursfeeds und Regeln dorthin, wo Sie hinschauen, wiederholt Fehlgeschlagenes und bewahrt jeden Alarm und jede Zustellung hier auf. Dieses Profil hat noch keinen Kanal: Drei Schritte, und es geht los.</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Einen Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Tell AlertDesk where alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop; or import your .env file or an Apprise URL from the Channels page. Secrets go to the system keychain, never to disk.</source>
        <translation>Sagen Sie AlertDesk, wohin Alarme gehen: Slack, Discord, Telegram, E-Mail, SMS, Teams, PagerDuty, ein Webhook oder dieser Desktop; oder importieren Sie Ihre .env-Datei oder eine Apprise-URL auf der Seite Kanäle. Geheimnisse kommen in den Schlüsselbund des Systems, nie auf die Festplatte.</translation>
    </message>
    <message>
        <source>Add a channel…</source>
        <translation>Kanal hinzufügen…</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>Einen Test senden</translation>
    </message>
    <message>
        <source>Select the channel and press Send test: you see at once whether it was delivered, and how fast, or the platform&apos;s error.</source>
        <translation>Wählen Sie den Kanal und drücken Sie „Test senden“: Sie sehen sofort, ob er zugestellt wurde und wie schnell, oder den Fehler der Plattform.</translation>
    </message>
    <message>
        <source>Open Channels</source>
        <translation>Kanäle öffnen</translation>
    </message>
    <message>
        <source>Send your first alert</source>
        <translation>Ihren ersten Alarm senden</translation>
    </message>
    <message>
        <source>Compose one by hand, or from a script: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Every alert and every delivery attempt shows up in this window as it happens.</source>
        <translation>Verfassen Sie einen von Hand oder aus einem Skript: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Jeder Alarm und jeder Zustellversuch erscheint in diesem Fenster, sobald er geschieht.</translation>
    </message>
    <message>
        <source>Compose an alert</source>
        <translation>Einen Alarm verfassen</translation>
    </message>
</context>
</TS>

/* dsn_texts.c — the built-in default texts of system messages, written for exsh (never
 * Microsoft's wording): one short, plain sentence or two per default DSN code and quota
 * message type, in English and Swedish. Owns only data and lookups; the cmdlets live in
 * systemmessage.c. Entry: dsn_default_text(). Adding a language: one table and one row
 * in dsn_langs (tests/unit/test_systemmessage.c checks every code has a text). */
#include <string.h>
#include <strings.h>
#include "dsn_texts.h"

/* The default DSN codes of Exchange 2010, as Get-SystemMessage -Original lists them
 * (the 2013+ codes 5.7.100 and 5.7.300 are left out). */
const char *const dsn_default_codes[] = {
  "5.0.0",
  "5.1.0", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.6", "5.1.7", "5.1.8",
  "5.2.0", "5.2.1", "5.2.2", "5.2.3", "5.2.4",
  "5.3.0", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.3.5",
  "5.4.0", "5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.6", "5.4.7", "5.4.8",
  "5.5.0", "5.5.1", "5.5.2", "5.5.3", "5.5.4", "5.5.5", "5.5.6",
  "5.6.0", "5.6.1", "5.6.2", "5.6.3", "5.6.4", "5.6.5",
  "5.7.0", "5.7.1", "5.7.2", "5.7.3", "5.7.4", "5.7.5", "5.7.6", "5.7.7", "5.7.8", "5.7.9",
  "5.7.10",
  NULL,
};

/* QuotaMessageType in Exchange 2010 (note the capital B of ProhibitSendReceiveMailBox). */
const char *const dsn_quota_types[] = {
  "WarningMailboxUnlimitedSize", "WarningPublicFolderUnlimitedSize", "WarningMailbox",
  "WarningPublicFolder", "ProhibitSendMailbox", "ProhibitPostPublicFolder",
  "ProhibitSendReceiveMailBox", NULL,
};

typedef struct dsn_text {
  const char *key;   /* a DSN code or a quota type name */
  const char *text;  /* the message, at most 512 characters, no HTML */
} dsn_text;

/* ---------------- English ---------------- */
static const dsn_text texts_en[] = {
  {"5.0.0", "The message couldn't be delivered, and the receiving system didn't say why."},
  {"5.1.0", "The message couldn't be delivered because of a problem with an address in it, often the sender's."},
  {"5.1.1", "The recipient's address doesn't exist. Check the spelling and try again."},
  {"5.1.2", "The recipient's domain or mail server couldn't be found. Check the part of the address after the @ sign."},
  {"5.1.3", "The recipient's address isn't written in a valid format."},
  {"5.1.4", "The recipient's address matches more than one mailbox, so the message couldn't be delivered."},
  {"5.1.6", "The recipient's mailbox has moved or no longer exists."},
  {"5.1.7", "The sender's address isn't written in a valid format."},
  {"5.1.8", "The receiving server doesn't accept mail from the sender's domain or mail system."},
  {"5.2.0", "A problem with the recipient's mailbox stopped the delivery."},
  {"5.2.1", "The recipient's mailbox is disabled and doesn't accept messages."},
  {"5.2.2", "The recipient's mailbox is full."},
  {"5.2.3", "The message is larger than the recipient accepts."},
  {"5.2.4", "The members of the distribution group couldn't be looked up."},
  {"5.3.0", "A problem in the mail system stopped the delivery."},
  {"5.3.1", "The mail system is full and can't take the message."},
  {"5.3.2", "The receiving system doesn't accept messages right now."},
  {"5.3.3", "The receiving system doesn't support a feature the message needs."},
  {"5.3.4", "The message is larger than the mail system allows."},
  {"5.3.5", "The mail system is set up wrongly, so the message was sent back to itself."},
  {"5.4.0", "A network or routing problem stopped the delivery."},
  {"5.4.1", "The destination server didn't answer, or refused to pass the message on."},
  {"5.4.2", "The connection to the destination server failed."},
  {"5.4.3", "A routing service, such as DNS or the directory, failed during delivery."},
  {"5.4.4", "No route to the recipient's domain could be found."},
  {"5.4.6", "The message went round in a loop and was stopped."},
  {"5.4.7", "The message couldn't be delivered before its time ran out."},
  {"5.4.8", "A loop was found while the recipients were being looked up."},
  {"5.5.0", "The receiving server reported a protocol error."},
  {"5.5.1", "The receiving server didn't recognize a command."},
  {"5.5.2", "The receiving server refused a command because of its syntax or order."},
  {"5.5.3", "The message has too many recipients. Send it to fewer people at a time."},
  {"5.5.4", "The receiving server refused an argument of a command."},
  {"5.5.5", "The receiving server uses a different protocol version."},
  {"5.5.6", "The content of the message broke the protocol rules of the receiving server."},
  {"5.6.0", "The content of the message couldn't be handled."},
  {"5.6.1", "The message contains a media type that the receiving system doesn't support."},
  {"5.6.2", "The message needed a conversion that isn't allowed."},
  {"5.6.3", "The message couldn't be converted to a form the receiving system accepts."},
  {"5.6.4", "The message could only be converted by losing content, so it wasn't delivered."},
  {"5.6.5", "The conversion of the message failed."},
  {"5.7.0", "A security or policy rule stopped the delivery."},
  {"5.7.1", "You aren't allowed to send to this recipient, or the server won't pass mail on for you."},
  {"5.7.2", "You aren't allowed to send to this distribution group."},
  {"5.7.3", "A security check of the message couldn't be completed."},
  {"5.7.4", "The message needs a security feature that the receiving system doesn't support."},
  {"5.7.5", "A cryptographic operation on the message failed."},
  {"5.7.6", "The message uses an encryption algorithm that the receiving system doesn't support."},
  {"5.7.7", "The integrity check of the message failed."},
  {"5.7.8", "The server couldn't verify the sender's credentials."},
  {"5.7.9", "The server doesn't accept the sender's sign-in method."},
  {"5.7.10", "The sender must use an encrypted connection to send this message."},
  {"WarningMailboxUnlimitedSize", "Your mailbox has grown past its warning size. Delete items you don't need to free space."},
  {"WarningPublicFolderUnlimitedSize", "This public folder has grown past its warning size. Delete items that aren't needed."},
  {"WarningMailbox", "Your mailbox is close to its size limit. Soon you won't be able to send messages. Delete items you don't need."},
  {"WarningPublicFolder", "This public folder is close to its size limit. Soon it won't accept new posts."},
  {"ProhibitSendMailbox", "Your mailbox is over its size limit, so you can't send messages. Delete items to send again."},
  {"ProhibitPostPublicFolder", "This public folder is over its size limit and doesn't accept new posts."},
  {"ProhibitSendReceiveMailBox", "Your mailbox is over its size limit, so you can't send or receive messages. Delete items to use it again."},
  {NULL, NULL},
};

/* ---------------- Swedish ---------------- */
static const dsn_text texts_sv[] = {
  {"5.0.0", "Meddelandet kunde inte levereras, och det mottagande systemet angav ingen orsak."},
  {"5.1.0", "Meddelandet kunde inte levereras på grund av ett problem med en adress i det, ofta avsändarens."},
  {"5.1.1", "Mottagarens adress finns inte. Kontrollera stavningen och försök igen."},
  {"5.1.2", "Mottagarens domän eller e-postserver kunde inte hittas. Kontrollera delen av adressen efter @."},
  {"5.1.3", "Mottagarens adress har inte ett giltigt format."},
  {"5.1.4", "Mottagarens adress matchar mer än en postlåda, så meddelandet kunde inte levereras."},
  {"5.1.6", "Mottagarens postlåda har flyttats eller finns inte längre."},
  {"5.1.7", "Avsändarens adress har inte ett giltigt format."},
  {"5.1.8", "Den mottagande servern tar inte emot e-post från avsändarens domän eller e-postsystem."},
  {"5.2.0", "Ett problem med mottagarens postlåda stoppade leveransen."},
  {"5.2.1", "Mottagarens postlåda är inaktiverad och tar inte emot meddelanden."},
  {"5.2.2", "Mottagarens postlåda är full."},
  {"5.2.3", "Meddelandet är större än vad mottagaren tar emot."},
  {"5.2.4", "Distributionsgruppens medlemmar kunde inte slås upp."},
  {"5.3.0", "Ett problem i e-postsystemet stoppade leveransen."},
  {"5.3.1", "E-postsystemet är fullt och kan inte ta emot meddelandet."},
  {"5.3.2", "Det mottagande systemet tar inte emot meddelanden just nu."},
  {"5.3.3", "Det mottagande systemet saknar stöd för en funktion som meddelandet behöver."},
  {"5.3.4", "Meddelandet är större än vad e-postsystemet tillåter."},
  {"5.3.5", "E-postsystemet är felaktigt konfigurerat, så meddelandet skickades tillbaka till sig självt."},
  {"5.4.0", "Ett nätverks- eller routningsproblem stoppade leveransen."},
  {"5.4.1", "Målservern svarade inte, eller vägrade skicka meddelandet vidare."},
  {"5.4.2", "Anslutningen till målservern misslyckades."},
  {"5.4.3", "En routningstjänst, till exempel DNS eller katalogen, fungerade inte under leveransen."},
  {"5.4.4", "Ingen väg till mottagarens domän kunde hittas."},
  {"5.4.6", "Meddelandet gick runt i en slinga och stoppades."},
  {"5.4.7", "Meddelandet kunde inte levereras innan tiden tog slut."},
  {"5.4.8", "En slinga upptäcktes när mottagarna slogs upp."},
  {"5.5.0", "Den mottagande servern rapporterade ett protokollfel."},
  {"5.5.1", "Den mottagande servern kände inte igen ett kommando."},
  {"5.5.2", "Den mottagande servern avvisade ett kommando på grund av dess syntax eller ordning."},
  {"5.5.3", "Meddelandet har för många mottagare. Skicka det till färre personer åt gången."},
  {"5.5.4", "Den mottagande servern avvisade ett argument till ett kommando."},
  {"5.5.5", "Den mottagande servern använder en annan protokollversion."},
  {"5.5.6", "Meddelandets innehåll bröt mot den mottagande serverns protokollregler."},
  {"5.6.0", "Meddelandets innehåll kunde inte hanteras."},
  {"5.6.1", "Meddelandet innehåller en medietyp som det mottagande systemet inte stöder."},
  {"5.6.2", "Meddelandet behövde en konvertering som inte är tillåten."},
  {"5.6.3", "Meddelandet kunde inte konverteras till en form som det mottagande systemet godtar."},
  {"5.6.4", "Meddelandet kunde bara konverteras om innehåll gick förlorat, så det levererades inte."},
  {"5.6.5", "Konverteringen av meddelandet misslyckades."},
  {"5.7.0", "En säkerhets- eller principregel stoppade leveransen."},
  {"5.7.1", "Du får inte skicka till den här mottagaren, eller så skickar servern inte vidare e-post åt dig."},
  {"5.7.2", "Du får inte skicka till den här distributionsgruppen."},
  {"5.7.3", "En säkerhetskontroll av meddelandet kunde inte slutföras."},
  {"5.7.4", "Meddelandet kräver en säkerhetsfunktion som det mottagande systemet inte stöder."},
  {"5.7.5", "En kryptografisk åtgärd på meddelandet misslyckades."},
  {"5.7.6", "Meddelandet använder en krypteringsalgoritm som det mottagande systemet inte stöder."},
  {"5.7.7", "Meddelandets integritetskontroll misslyckades."},
  {"5.7.8", "Servern kunde inte verifiera avsändarens autentiseringsuppgifter."},
  {"5.7.9", "Servern godtar inte avsändarens inloggningsmetod."},
  {"5.7.10", "Avsändaren måste använda en krypterad anslutning för att skicka det här meddelandet."},
  {"WarningMailboxUnlimitedSize", "Din postlåda har passerat sin varningsgräns. Ta bort objekt som du inte behöver för att frigöra utrymme."},
  {"WarningPublicFolderUnlimitedSize", "Den här offentliga mappen har passerat sin varningsgräns. Ta bort objekt som inte behövs."},
  {"WarningMailbox", "Din postlåda närmar sig sin storleksgräns. Snart kan du inte skicka meddelanden. Ta bort objekt som du inte behöver."},
  {"WarningPublicFolder", "Den här offentliga mappen närmar sig sin storleksgräns. Snart tar den inte emot nya inlägg."},
  {"ProhibitSendMailbox", "Din postlåda har passerat sin storleksgräns, så du kan inte skicka meddelanden. Ta bort objekt för att kunna skicka igen."},
  {"ProhibitPostPublicFolder", "Den här offentliga mappen har passerat sin storleksgräns och tar inte emot nya inlägg."},
  {"ProhibitSendReceiveMailBox", "Din postlåda har passerat sin storleksgräns, så du kan varken skicka eller ta emot meddelanden. Ta bort objekt för att kunna använda den igen."},
  {NULL, NULL},
};

typedef struct dsn_lang {
  const char *lang;       /* culture name as Identity shows it */
  const dsn_text *texts;  /* terminated by { NULL } */
} dsn_lang;

static const dsn_lang dsn_langs[] = {
  {"en", texts_en},
  {"sv", texts_sv},
  {NULL, NULL},
};

const char *const dsn_text_langs[] = {"en", "sv", NULL};

static const dsn_text *lang_texts(const char *lang) {
  for (const dsn_lang *l = dsn_langs; l->lang; l++)
    if (!strcasecmp(l->lang, lang)) return l->texts;
  return NULL;
}

bool dsn_has_lang(const char *lang) { return lang_texts(lang) != NULL; }

const char *dsn_default_text(const char *lang, const char *key) {
  const dsn_text *t = lang_texts(lang);
  for (; t && t->key; t++)
    if (!strcasecmp(t->key, key)) return t->text;
  return NULL;
}

bool dsn_is_default_code(const char *code) {
  for (const char *const *p = dsn_default_codes; *p; p++)
    if (!strcmp(*p, code)) return true;
  return false;
}

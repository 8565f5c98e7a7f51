import { StopBookingLinkButton } from "@/components/my-practice/stop-booking-link-button";
import { ActionsCell, cardTable, Cell, HeaderRow } from "@/components/ui/card-table";
import { bookingLinkLabel, type OpenBookingLink } from "@/lib/booking-links";
import { formatDateTime } from "@/lib/format";

const COLUMNS = ["Appointment type", "Books at", "Made by", "Made", "Expires"];

/** My Practice, beside who accessed a patient's record: the patient's links that can still book, each with Stop. */
export function BookingLinkTable({ links, caption, practiceGroupId }: { links: OpenBookingLink[]; caption: string; practiceGroupId: string }) {
  return (
    <table className={cardTable.table}>
      <caption className="sr-only">{caption}</caption>
      <thead className={cardTable.head}>
        <HeaderRow columns={COLUMNS} actions />
      </thead>
      <tbody className={cardTable.body}>
        {links.map((link) => {
          const label = bookingLinkLabel(link);
          return (
            <tr key={link.id} className={cardTable.row} data-testid="booking-link-row">
              <Cell label="Appointment type" className="font-medium [overflow-wrap:anywhere]">
                {link.appointmentType}
              </Cell>
              <Cell label="Books at">{link.practiceGroupId === practiceGroupId ? "This practice" : link.practiceName}</Cell>
              <Cell label="Made by" className="[overflow-wrap:anywhere]">
                {link.madeBy}
              </Cell>
              <Cell label="Made">{formatDateTime(link.createdAt)}</Cell>
              <Cell label="Expires">{formatDateTime(link.expiresAt)}</Cell>
              <ActionsCell label={`Actions for the ${label}`}>
                <StopBookingLinkButton linkId={link.id} label={label} />
              </ActionsCell>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

using WechatCare.Domain.Common;
using WechatCare.Domain.Messaging;

namespace WechatCare.Domain.Donations;

/// <summary>What the donations feature tells donors (through the outbox and the in-app inbox).</summary>
public static class DonationMessages
{
    public static MessageDraft Received(Drive drive, Pledge pledge) => new(
        "donation-received", "您的爱心已收到",
        $"您为“{drive.Title}”的捐赠已经收到，谢谢您！" + (pledge.ReceivedFen > 0 ? $"到账金额 {Money.Yuan(pledge.ReceivedFen)} 元。" : ""),
        $"/pages/drives/detail?id={drive.Id}");

    public static MessageDraft NotReceived(Drive drive) => new(
        "donation-not-received", "认捐未收到",
        $"您在“{drive.Title}”中的认捐没有收到物资或善款，这笔认捐已经取消。如仍想帮助孩子们，欢迎重新认捐；如有疑问，请联系组织者。",
        $"/pages/drives/detail?id={drive.Id}");

    public static MessageDraft Reminder(Drive drive) => new(
        "donation-reminder", "认捐提醒",
        $"您在“{drive.Title}”中的认捐还没有送达，募捐将于 {ChinaTime.ToChina(drive.EndsAtUtc):M月d日 HH:mm} 截止。如有变化，也可以在小程序里取消认捐。",
        $"/pages/drives/detail?id={drive.Id}");

    public static MessageDraft ReceiptIssued(Receipt receipt) => new(
        "donation-receipt", "捐赠收据已开具",
        $"您的捐赠收据（编号 {receipt.Number}，人民币 {receipt.AmountInWords}）已开具，可在小程序中查看和打印。",
        $"/pages/receipts/detail?id={receipt.Id}");
}
